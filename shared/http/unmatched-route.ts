import { MethodNotAllowedError, NotFoundError } from '../errors';
import { originOf, preflightHeaders } from './cors';
import { matchRoute } from './route-match';
import type { ApiEvent, ApiResult } from './types';

/**
 * What API Gateway's `$default` route (and the local runner, for any request no route matches) answers: a CORS
 * preflight (`OPTIONS`) for a path the table serves; 405 `method_not_allowed` with `Allow` when the path exists with
 * other methods; else 404. HTTP APIs answer unmatched requests with a bare 404 themselves, hence this catch-all.
 */
export async function answerUnmatched(event: ApiEvent): Promise<ApiResult> {
  const method = event.requestContext.http.method.toUpperCase();
  const found = matchRoute(method, event.rawPath);
  // A request for a served method never belongs here (API Gateway routed it elsewhere): fail closed.
  const allowed = found.route ? [] : found.allowed;
  if (allowed.length === 0) throw new NotFoundError();
  if (method === 'OPTIONS') {
    return { statusCode: 204, headers: { allow: allowed.join(', '), ...(await preflightHeaders(originOf(event.headers), allowed)) }, body: '' };
  }
  throw new MethodNotAllowedError(allowed);
}

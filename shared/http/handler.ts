import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { z } from 'zod';
import { identityFromEvent, type Identity } from '../auth/identity';
import type { OrgAccess } from '../identity/authorize-org';
import { logger } from '../logger';
import { authorizeRoute } from './authorize';
import { cors } from './cors';
import { rateLimit } from '../ratelimit/middleware';
import { jsonBody, rawBody } from './body';
import { errorResponse } from './middleware/error-response';
import { requestId } from './middleware/request-id';
import { jsonResponse } from './response';
import type { ApiEvent, ApiResult, Context, HttpResult } from './types';
import { validate } from './validate';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<B, Q, P> {
  body?: B;
  query?: Q;
  params?: P;
  /** The handler needs the untouched body (webhook signatures); no JSON parsing happens. */
  raw?: boolean;
}

export interface HttpRequest<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  raw: string;
  headers: Record<string, string | undefined>;
  identity: Identity;
  /** The caller's access to the path's org on `{orgId}` routes (checked before the handler runs). */
  org: OrgAccess | undefined;
  requestId: string;
  event: ApiEvent;
}

/**
 * Builds a route's Lambda handler: request id and logging, 256 KiB limit, JSON parsing, zod validation of body,
 * query and path, identity from the authorizer, and one error mapper. The route function only does its one call into shared/.
 */
export function httpHandler<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B, Q, P>,
  fn: (req: HttpRequest<Infer<B>, Infer<Q>, Infer<P>>) => Promise<HttpResult>,
) {
  const base = async (event: ApiEvent, _context: Context): Promise<ApiResult> => {
    const identity = identityFromEvent(event);
    if (identity.kind === 'user') {
      // Loaded on the first user request only, so public routes and unit tests of the HTTP plumbing need no table.
      const { assertSessionLive } = await import('../identity/sessions');
      await assertSessionLive(identity.userId, identity.session);
    }
    // Before parsing: a caller who may not use the route learns nothing from its validation errors.
    const org = await authorizeRoute(event, identity);
    // Authenticated use by a user counts toward dau/mau (one write per user per day and container, at most).
    if (identity.kind === 'user') await (await import('../analytics/mark-active')).markUserActive(identity.userId);
    // Every route refuses bodies over 256 KiB (413), whether or not it reads one.
    const raw = rawBody(event);
    const req = {
      body: (spec.body ? validate(spec.body, jsonBody(raw), 'body') : undefined) as Infer<B>,
      query: (spec.query ? validate(spec.query, event.queryStringParameters ?? {}, 'query') : undefined) as Infer<Q>,
      params: (spec.params ? validate(spec.params, event.pathParameters ?? {}, 'path') : undefined) as Infer<P>,
      raw: spec.raw ? raw : '',
      headers: lowerCaseKeys(event.headers ?? {}),
      identity,
      org,
      requestId: event.requestContext.requestId,
      event,
    };
    const result = await fn(req);
    return jsonResponse(result.status ?? 200, result.body, result.headers);
  };
  const handler = middy(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestId())
    .use(cors())
    .use(rateLimit())
    .use(errorResponse());
  // The request schemas ride along so the OpenAPI generator (infra/openapi) documents exactly what is validated here.
  return Object.assign(handler, { spec });
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

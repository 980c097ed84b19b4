import type middy from '@middy/core';
import type { ApiEvent, ApiResult } from './types';

/** Response headers a browser script may read besides the CORS-safelisted ones (request id, rate limits). */
export const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'allow'];
/** Request headers the console sends (CONTRACT §1): bearer credentials and JSON bodies. */
export const ALLOWED_REQUEST_HEADERS = ['authorization', 'content-type'];
/** How long a browser may reuse a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/**
 * CORS headers for an actual response: `access-control-allow-origin` echoing the request's origin when it is one of
 * the stage's allowed origins, else nothing of CORS. `vary: origin` always, because the answer depends on it (caches).
 * The allowed-origins setting loads on the first request that has an Origin, so callers without one (servers, tests)
 * need no such setting.
 */
export async function corsHeaders(origin: string | undefined): Promise<Record<string, string>> {
  if (!origin) return { vary: 'origin' };
  const { isAllowedOrigin } = await import('./allowed-origins');
  if (!isAllowedOrigin(origin)) return { vary: 'origin' };
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS.join(', '), vary: 'origin' };
}

/** The answer to a preflight for a path served with `methods`: what the browser may send, for an allowed origin only. */
export async function preflightHeaders(origin: string | undefined, methods: string[]): Promise<Record<string, string>> {
  const headers = await corsHeaders(origin);
  if (!headers['access-control-allow-origin']) return headers;
  return {
    ...headers,
    'access-control-allow-methods': methods.join(', '),
    'access-control-allow-headers': ALLOWED_REQUEST_HEADERS.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE),
  };
}

export function originOf(headers: Record<string, string | undefined> | undefined): string | undefined {
  if (!headers) return undefined;
  return headers.origin ?? Object.entries(headers).find(([name]) => name.toLowerCase() === 'origin')?.[1];
}

/** httpHandler's CORS step: every response (errors included) carries the headers for the request's origin. */
export function cors(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  const stamp = async (request: middy.Request<ApiEvent, ApiResult>) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...(await corsHeaders(originOf(request.event.headers))) };
  };
  return { after: stamp, onError: stamp };
}

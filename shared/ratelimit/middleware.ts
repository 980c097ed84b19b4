import type middy from '@middy/core';
import { identityFromEvent } from '../auth/identity';
import type { ApiEvent, ApiResult } from '../http/types';
import { rateSubject } from './subject';

/**
 * Per-tier rate limiting for every authenticated request (CONTRACT §1, §4), as one middleware of httpHandler.
 * Refusals throw RateLimitedError (mapped to 429 by the error middleware); every response of a limited request
 * carries the RateLimit-* headers. The limiter (and with it the table client) loads on the first authenticated request
 * only, so public routes and unit tests of the HTTP plumbing need no table.
 */
export function rateLimit(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  const headersOf = new WeakMap<object, Record<string, string>>();
  const stamp = (request: middy.Request<ApiEvent, ApiResult>) => {
    const headers = headersOf.get(request);
    if (headers && request.response) request.response.headers = { ...headers, ...request.response.headers };
  };
  return {
    before: async (request) => {
      let identity;
      let subject;
      try {
        identity = identityFromEvent(request.event);
        subject = rateSubject(identity, request.event);
      } catch {
        return; // the handler refuses the identity itself
      }
      if (!subject) return;
      const { enforceTierRateLimit } = await import('./enforce');
      // A user's token spends an org's budget only once their membership is confirmed (enforce.ts).
      const asMember = identity.kind === 'user' && subject.kind === 'org' ? identity.userId : undefined;
      headersOf.set(request, await (asMember ? enforceTierRateLimit(subject, undefined, asMember) : enforceTierRateLimit(subject)));
    },
    after: async (request) => stamp(request),
    onError: async (request) => stamp(request),
  };
}

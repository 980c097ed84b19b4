import type middy from '@middy/core';
import { identityFromEvent } from '../auth/identity';
import { AppError } from '../errors';
import type { ApiEvent, ApiResult } from '../http/types';
import { ipPolicy, type IpPolicy } from './ip-limits-policy';
import { rateSubjects } from './subject';

/**
 * Per-tier rate limiting for every authenticated request (CONTRACT §1, §4) and per-source-IP limits for anonymous
 * requests to the public routes that have a policy (auth, failed webhook signatures), as one middleware of httpHandler.
 * Refusals throw RateLimitedError (mapped to 429 by the error middleware); every response of a limited request
 * carries the RateLimit-* headers (of the tightest budget when it spent several). The limiter (and with it the table
 * client) loads on the first authenticated request only, so public routes and unit tests of the HTTP plumbing need no table.
 */
export function rateLimit(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  const headersOf = new WeakMap<object, Record<string, string>>();
  const failuresCountedBy = new WeakMap<object, IpPolicy>();
  const stamp = (request: middy.Request<ApiEvent, ApiResult>) => {
    const headers = headersOf.get(request);
    if (headers && request.response) request.response.headers = { ...headers, ...request.response.headers };
  };
  return {
    before: async (request) => {
      let identity;
      let subjects;
      try {
        identity = identityFromEvent(request.event);
        subjects = rateSubjects(identity, request.event);
      } catch {
        return; // the handler refuses the identity itself
      }
      if (identity.kind === 'anonymous') {
        const policy = ipPolicy(request.event.routeKey);
        if (!policy) return;
        const { enforceIpLimit } = await import('./ip-limits');
        headersOf.set(request, await enforceIpLimit(policy, request.event.requestContext.http.sourceIp));
        if (policy.counts === 'failures') failuresCountedBy.set(request, policy);
        return;
      }
      if (subjects.length === 0) return;
      const { enforceTierRateLimit } = await import('./enforce');
      // A user's token spends an org's budget only once their membership is confirmed (enforce.ts).
      const asMember = identity.kind === 'user' ? identity.userId : undefined;
      const spent = await Promise.allSettled(subjects.map((subject) => enforceTierRateLimit(subject, undefined, subject.kind === 'org' ? asMember : undefined)));
      const refused = spent.find((s) => s.status === 'rejected');
      if (refused) throw refused.reason;
      const headers = spent.map((s) => (s as PromiseFulfilledResult<Record<string, string>>).value);
      headersOf.set(request, headers.reduce((tightest, h) => (Number(h['ratelimit-remaining'] ?? Infinity) < Number(tightest['ratelimit-remaining'] ?? Infinity) ? h : tightest)));
    },
    after: async (request) => stamp(request),
    onError: async (request) => {
      const policy = failuresCountedBy.get(request);
      if (policy && request.error instanceof AppError && request.error.code === policy.failureCode) {
        const { countIpFailure } = await import('./ip-limits');
        await countIpFailure(policy, request.event.requestContext.http.sourceIp);
      }
      stamp(request);
    },
  };
}

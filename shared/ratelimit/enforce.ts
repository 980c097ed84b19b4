import { RateLimitedError } from '../errors';
import { getMembership } from '../db/memberships';
import { logger } from '../logger';
import { hitRateLimit } from './limiter';
import { orgRequestsPerMinute, userRequestsPerMinute } from './org-rate';
import type { RateSubject } from './subject';
import { rateLimitHeaders, type RateDecision } from './window';

/** The tier limits are per minute (CONTRACT §4). */
export const TIER_WINDOW_SECONDS = 60;

/**
 * Spends one request of the subject's per-minute budget. Returns the RateLimit headers for the response, or throws
 * RateLimitedError (429 with Retry-After and the same headers). The plan lookup (cached) and the counter write run in
 * parallel, so the hot path costs one DynamoDB round trip. If the limiter's table is unavailable the request is let
 * through (fail open) and logged: an outage of the limiter must not become an outage of the API.
 */
export async function enforceTierRateLimit(subject: RateSubject, nowMs = Date.now(), userId?: string): Promise<Record<string, string>> {
  let decision: RateDecision;
  try {
    // A signed-in user spends an org's budget only as its member: anyone else naming the org (who is answered 404)
    // spends their own, so a non-member can neither exhaust an org's budget nor read its plan's rate in the headers.
    if (subject.kind === 'org' && userId !== undefined && !(await getMembership(subject.orgId, userId))) subject = { kind: 'user', userId };
    decision = await hitRateLimit({
      subject: subject.kind === 'org' ? `org#${subject.orgId}` : `user#${subject.userId}`,
      limit: subject.kind === 'org' ? orgRequestsPerMinute(subject.orgId, nowMs) : userRequestsPerMinute(),
      windowSeconds: TIER_WINDOW_SECONDS,
      nowMs,
    });
  } catch (error) {
    logger.warn('rate limiter unavailable; request allowed', { error: error as Error });
    return {};
  }
  return assertAllowed(decision, TIER_WINDOW_SECONDS);
}

/** The response headers of an allowed decision; a refused one becomes the 429. */
export function assertAllowed(decision: RateDecision, windowSeconds: number): Record<string, string> {
  const headers = rateLimitHeaders(decision, windowSeconds);
  if (!decision.allowed) throw new RateLimitedError(decision.resetSeconds, headers);
  return headers;
}

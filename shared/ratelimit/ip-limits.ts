import { logger } from '../logger';
import { assertAllowed } from './enforce';
import { IP_WINDOW_SECONDS, type IpPolicy } from './ip-limits-policy';
import { hitRateLimit } from './limiter';
import { decide, windowAt } from './window';
import { countRequest, peekCount } from './window-counter';

const subject = (policy: IpPolicy, sourceIp: string) => `ip#${policy.bucket}#${sourceIp}`;

/**
 * Before the handler: spends a unit (`requests`) or checks the failures so far (`failures`); throws the 429 with
 * Retry-After and RateLimit headers when the address has spent its minute, else returns the headers. Fails open
 * (logged) when the counter table is unavailable, like the tier limiter.
 */
export async function enforceIpLimit(policy: IpPolicy, sourceIp: string, nowMs = Date.now()): Promise<Record<string, string>> {
  let decision;
  try {
    if (policy.counts === 'requests') {
      decision = await hitRateLimit({ subject: subject(policy, sourceIp), limit: policy.perMinute, windowSeconds: IP_WINDOW_SECONDS, nowMs });
    } else {
      const window = windowAt(nowMs, IP_WINDOW_SECONDS);
      // The next failure would be number count + 1; refuse once the failures alone have used the budget.
      decision = decide((await peekCount(subject(policy, sourceIp), window)) + 1, policy.perMinute, window, nowMs);
      if (decision.allowed) return {}; // successes are not counted, so there is nothing meaningful to report
    }
  } catch (error) {
    logger.warn('per-IP limiter unavailable; request allowed', { error: error as Error });
    return {};
  }
  return assertAllowed(decision, IP_WINDOW_SECONDS);
}

/** After a refused request on a `failures` route: counts it against the address (best effort: never fails the answer). */
export async function countIpFailure(policy: IpPolicy, sourceIp: string, nowMs = Date.now()): Promise<void> {
  try {
    await countRequest(subject(policy, sourceIp), windowAt(nowMs, IP_WINDOW_SECONDS));
  } catch (error) {
    logger.warn('per-IP failure not counted', { error: error as Error });
  }
}

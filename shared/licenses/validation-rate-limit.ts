import { hitRateLimit } from '../ratelimit/limiter';
import { assertAllowed } from '../ratelimit/enforce';

/**
 * The public validate route is limited per license key (a client stuck in a loop) and per source IP (someone
 * guessing keys), per minute. Both counters are written in parallel: one round trip.
 */
export const VALIDATION_LIMITS = { perKeyPerMinute: 60, perIpPerMinute: 300, windowSeconds: 60 } as const;

/** Spends one validation of the IP's budget and, for a well-formed key, of the key's; throws the 429 when either is spent. */
export async function limitValidation(sourceIp: string, keyHash: string | undefined, nowMs = Date.now()): Promise<Record<string, string>> {
  const { perKeyPerMinute, perIpPerMinute, windowSeconds } = VALIDATION_LIMITS;
  const [byIp, byKey] = await Promise.all([
    hitRateLimit({ subject: `ip#${sourceIp}`, limit: perIpPerMinute, windowSeconds, nowMs }),
    keyHash ? hitRateLimit({ subject: `license#${keyHash}`, limit: perKeyPerMinute, windowSeconds, nowMs }) : undefined,
  ]);
  // Refuse on, or else report, the tighter of the two budgets.
  const tighter = byKey && (!byKey.allowed || (byIp.allowed && byKey.remaining < byIp.remaining)) ? byKey : byIp;
  return assertAllowed(tighter, windowSeconds);
}

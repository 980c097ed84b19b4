import { countRequest } from './window-counter';
import { decide, windowAt, type RateDecision } from './window';

export interface RateLimitInput {
  /** Who the limit applies to: `org#<id>`, `user#<id>`, `license#<hash>`, `ip#<addr>`. */
  subject: string;
  /** The budget per window; a promise so a (cached) plan lookup runs in parallel with the counter write. */
  limit: number | Promise<number>;
  windowSeconds: number;
  nowMs: number;
}

/**
 * Windows this container has already seen full, by subject: until the window ends every further request is refused
 * without a table write (a flood costs one write per container per window, not one per request). Only refusals are
 * cached, so caching never lets a request through that the shared counter would refuse.
 */
const fullUntil = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

/** Fixed-window limiter: one atomic `ADD` on the shared window counter per request (one DynamoDB round trip). */
export async function hitRateLimit({ subject, limit, windowSeconds, nowMs }: RateLimitInput): Promise<RateDecision> {
  const window = windowAt(nowMs, windowSeconds);
  const key = `${subject}|${windowSeconds}`;
  const until = fullUntil.get(key);
  if (until !== undefined && until > nowMs / 1000) {
    const known = await limit;
    return decide(known + 1, known, window, nowMs);
  }
  const [count, known] = await Promise.all([countRequest(subject, window), limit]);
  const decision = decide(count, known, window, nowMs);
  if (!decision.allowed) remember(key, window.end, nowMs);
  return decision;
}

function remember(key: string, windowEnd: number, nowMs: number): void {
  if (fullUntil.size >= MAX_REMEMBERED) {
    for (const [k, end] of fullUntil) if (end <= nowMs / 1000) fullUntil.delete(k);
    if (fullUntil.size >= MAX_REMEMBERED) fullUntil.clear();
  }
  fullUntil.set(key, windowEnd);
}

/**
 * Fixed-window arithmetic for the request rate limiter. Pure, so the window math is unit-tested without a clock or a
 * table: a window is `[start, start + size)` aligned to multiples of its size since the epoch.
 */
export interface RateWindow {
  /** Epoch seconds the window starts at; also its id in the counter's key. */
  start: number;
  /** Epoch seconds the window ends at (exclusive). */
  end: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed in this window after this one (never negative). */
  remaining: number;
  /** Whole seconds until the window resets (at least 1, so clients never retry in a busy loop). */
  resetSeconds: number;
}

export function windowAt(nowMs: number, windowSeconds: number): RateWindow {
  const nowSeconds = Math.floor(nowMs / 1000);
  const start = nowSeconds - (nowSeconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

export function secondsUntil(endSeconds: number, nowMs: number): number {
  return Math.max(1, Math.ceil(endSeconds - nowMs / 1000));
}

/** The decision for the `count`-th request of a window (count includes this request). */
export function decide(count: number, limit: number, window: RateWindow, nowMs: number): RateDecision {
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds: secondsUntil(window.end, nowMs) };
}

/** RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, delta-seconds reset) plus Retry-After on refusals. */
export function rateLimitHeaders(decision: RateDecision, windowSeconds: number): Record<string, string> {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
    'ratelimit-policy': `${decision.limit};w=${windowSeconds}`,
  };
}

/**
 * Per-source-IP limits of the anonymous routes (CONTRACT §1 429 `rate_limited`), in the app itself rather than only
 * at the stage throttle, which all tenants share. Budgets are per route and minute, so a login flood does not stop
 * the same office from signing up. License validation keeps its own per-IP and per-key limits
 * (shared/licenses/validation-rate-limit.ts); the Stripe webhook counts only requests whose signature fails, so
 * Stripe itself is never limited while someone probing for the signing secret is.
 */
export const IP_WINDOW_SECONDS = 60;
export const AUTH_REQUESTS_PER_IP_PER_MINUTE = 60;
export const FAILED_WEBHOOK_SIGNATURES_PER_IP_PER_MINUTE = 30;

export interface IpPolicy {
  /** Names the budget in the counter's key: one budget per route. */
  bucket: string;
  perMinute: number;
  /** `requests`: every request spends a unit; `failures`: only answers with `failureCode` do. */
  counts: 'requests' | 'failures';
  failureCode?: string;
}

/** The per-IP policy of a route, by route key; every public `/v1/auth/*` route has one (those added later too). */
export function ipPolicy(routeKey: string): IpPolicy | undefined {
  if (routeKey === 'POST /v1/webhooks/stripe') return { bucket: 'webhook-signature', perMinute: FAILED_WEBHOOK_SIGNATURES_PER_IP_PER_MINUTE, counts: 'failures', failureCode: 'invalid_signature' };
  const auth = /^POST \/v1\/auth\/(.+)$/.exec(routeKey);
  if (auth) return { bucket: `auth-${auth[1]!.replace(/\//g, '-')}`, perMinute: AUTH_REQUESTS_PER_IP_PER_MINUTE, counts: 'requests' };
  return undefined;
}


import { api, eventually, localStack } from './local-stack';
import type { TestUser } from './users';

/**
 * Billing helpers for integration tests: drive the Stripe emulator's control endpoints (what a paying customer or
 * Stripe's scheduler would do) and wait for the webhooks to land. The emulator clock is shared by the whole stack,
 * so tests read it and move it relative to their own subscription's period.
 */
export async function stripeControl<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${localStack().stripe.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${path} -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function emulatorNow(): Promise<number> {
  return (await stripeControl<{ now: number }>('/_emulator/clock')).now;
}

/** Moves the emulator clock to `epochSeconds` (no-op if already past) and waits until its webhooks are delivered. */
export async function advanceEmulatorTo(epochSeconds: number): Promise<void> {
  const now = await emulatorNow();
  if (epochSeconds > now) await stripeControl('/_emulator/clock/advance', { seconds: epochSeconds - now });
  await stripeControl('/_emulator/webhooks/wait', {});
}

/** Redirect URLs on the local stage's allowed origins (any http://localhost:* origin). */
export const checkoutUrls = { successUrl: 'http://localhost:5173/billing?checkout=ok', cancelUrl: 'http://localhost:5173/billing?checkout=cancel' };

export interface Subscribed {
  sessionId: string;
  customer: string;
  subscription: string;
}

/**
 * Makes the org look like one that had a paid subscription before (long ago: one day in 2000, in its period history),
 * so its next checkout carries no trial (a plan's trial is for an org's first paid subscription only). Tests about
 * something else use it to start paying at once, as before trials existed; the periods of today are unaffected.
 */
export async function withoutTrial(orgId: string): Promise<void> {
  await import('./local-env');
  const { readHistory, saveHistory } = await import('../../../shared/db/org-billing');
  const { mergeHistory } = await import('../../../shared/usage/period-history');
  const at = '2000-01-01T00:00:00.000Z';
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await readHistory(orgId);
    const merged = mergeHistory(stored.history, { subscriptionId: 'sub_long_before_this_test', anchor: at, since: at, subscriptionStart: at, endedAt: '2000-01-02T00:00:00.000Z', planId: 'professional', observedAt: 0 });
    if (await saveHistory(orgId, merged, stored.version)) return;
  }
  throw new Error(`org ${orgId}: its period history kept changing`);
}

/**
 * Checkout for `planId` through the API, paid on the emulator; resolves once the API reads the plan as active. Without
 * `trial: true` the org is first marked as having had a subscription (withoutTrial), so it pays at once.
 */
export async function subscribe(user: TestUser, planId = 'professional', opts: { trial?: boolean; interval?: 'month' | 'year'; promotionCode?: string; waitMs?: number } = {}): Promise<Subscribed> {
  if (!opts.trial) await withoutTrial(user.orgId);
  const checkout = await api(`/v1/orgs/${user.orgId}/checkout`, {
    token: user.token,
    body: { planId, ...checkoutUrls, ...(opts.interval ? { interval: opts.interval } : {}), ...(opts.promotionCode ? { allowPromotionCodes: true } : {}) },
  });
  if (checkout.status !== 201) throw new Error(`checkout: ${checkout.status} ${JSON.stringify(checkout.body)}`);
  const done = await stripeControl<{ customer: string; subscription: string }>(`/_emulator/checkout/${checkout.body.id}/complete`, opts.promotionCode ? { promotion_code: opts.promotionCode } : {});
  await waitForSubscription(user, (s) => s.planId === planId && s.status === (opts.trial ? 'trialing' : 'active'), opts.waitMs);
  return { sessionId: checkout.body.id, ...done };
}

export interface SubscriptionBody {
  planId: string;
  interval: 'month' | 'year';
  status: string;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
}

export async function getSubscription(user: TestUser): Promise<SubscriptionBody> {
  const res = await api<SubscriptionBody>(`/v1/orgs/${user.orgId}/subscription`, { token: user.token });
  if (res.status !== 200) throw new Error(`subscription: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function waitForSubscription(user: TestUser, done: (s: SubscriptionBody) => boolean, timeoutMs = 15_000): Promise<SubscriptionBody> {
  const last = await eventually(() => getSubscription(user), done, timeoutMs);
  if (!done(last)) throw new Error(`subscription never reached the expected state; last: ${JSON.stringify(last)}`);
  return last;
}

/** Domain events published on the local bus so far, of one type, for one org. */
export async function domainEvents(type: string, orgId: string): Promise<Array<{ detail: Record<string, unknown> }>> {
  const res = await fetch(`${localStack().apiUrl}/_local/events?type=${encodeURIComponent(type)}`);
  const body = (await res.json()) as { events: Array<{ detail: Record<string, unknown> }> };
  return body.events.filter((e) => e.detail?.orgId === orgId);
}

export const epochOf = (iso: string | null) => Math.floor(Date.parse(iso ?? '') / 1000);

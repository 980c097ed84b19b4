import type { SubscriptionRecord } from '../db/subscriptions';
import type { Money } from '../usage/pricing';
import { findPlan } from '../plans/catalog';

/**
 * The operator metrics (CONTRACT §6 `GET /v1/admin/metrics`) from Argus's own data. The subscription figures are a
 * pure function of the subscription mirrors (computeSubscriptionMetrics), so a hand-computed fixture pins them down:
 * - a **paid org** has a live subscription: `active` or `past_due` (a trial is not paid yet, a canceled one is over);
 * - **MRR** sums each paid subscription's plan fee per month at its catalog version (a yearly price counts as a
 *   twelfth); **ARR** = 12 × MRR;
 * - **churned** in the last 30 days: subscriptions now `canceled` whose cancellation (the event that ended them) is
 *   that recent; **conversions**: paid subscriptions that became paying in that window (created then, or a trial
 *   that ended then);
 * - `orgsByPlan` counts paid orgs per plan; explorer is every other org and is not counted here.
 */
export interface SubscriptionMetrics {
  mrr: Money;
  arr: Money;
  paidOrgs: number;
  orgsByPlan: Record<string, number>;
  trialing: number;
  pastDue: number;
  churnedLast30d: number;
  conversionsLast30d: number;
}

export interface OperatorMetrics extends SubscriptionMetrics {
  dau: number;
  mau: number;
  licenseValidationsLast24h: number;
}

const DAY_SECONDS = 86_400;

/**
 * The subscription's plan fee per month in minor units, at its own catalog version's price for its interval (absent
 * interval: monthly). Extra seats and metered overage are not recurring revenue and are left out.
 */
export function monthlyRevenue(record: Pick<SubscriptionRecord, 'planId' | 'interval' | 'catalogVersion'>): number {
  const plan = findPlan(record.planId, record.catalogVersion);
  if (!plan) return 0;
  const interval = record.interval ?? 'month';
  const price = plan.prices.find((p) => p.interval === interval) ?? plan.prices.find((p) => p.interval === 'month');
  if (!price) return 0;
  return price.interval === 'year' ? price.amount / 12 : price.amount;
}

export function computeSubscriptionMetrics(records: SubscriptionRecord[], now: Date): SubscriptionMetrics {
  const since = Math.floor(now.getTime() / 1000) - 30 * DAY_SECONDS;
  let mrr = 0;
  let paidOrgs = 0;
  let trialing = 0;
  let pastDue = 0;
  let churned = 0;
  let conversions = 0;
  const orgsByPlan: Record<string, number> = {};
  for (const r of records) {
    const paid = r.status === 'active' || r.status === 'past_due';
    if (paid) {
      paidOrgs += 1;
      mrr += monthlyRevenue(r);
      orgsByPlan[r.planId] = (orgsByPlan[r.planId] ?? 0) + 1;
      const becamePaying = Math.max(r.subscriptionCreated, r.trialEnd ?? 0);
      if (becamePaying >= since) conversions += 1;
    }
    if (r.status === 'trialing') trialing += 1;
    if (r.status === 'past_due') pastDue += 1;
    if (r.status === 'canceled' && r.sourceTime >= since) churned += 1;
  }
  // Yearly twelfths may leave fractions of a cent: money fields are whole minor units, rounded once at the end.
  const monthly = Math.round(mrr);
  return {
    mrr: { amount: monthly, currency: 'usd' },
    arr: { amount: Math.round(mrr * 12), currency: 'usd' },
    paidOrgs,
    orgsByPlan,
    trialing,
    pastDue,
    churnedLast30d: churned,
    conversionsLast30d: conversions,
  };
}

import type { SubscriptionRecord } from '../db/subscriptions';
import { computeSubscriptionMetrics } from './operator-metrics';

process.env.TABLE_NAME ??= 'argus-unit';

const NOW = new Date('2026-12-02T12:00:00Z');
const DAY = 86_400;
const t = (daysAgo: number) => Math.floor(NOW.getTime() / 1000) - daysAgo * DAY;

function sub(orgId: string, planId: string, status: SubscriptionRecord['status'], created: number, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    orgId,
    subscriptionId: `sub_${orgId}`,
    customerId: `cus_${orgId}`,
    planId,
    status,
    subscriptionCreated: created,
    currentPeriodStart: created,
    currentPeriodEnd: created + 30 * DAY,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    trialEnd: null,
    sourceTime: created,
    version: 1,
    ...extra,
  };
}

describe('computeSubscriptionMetrics (hand-computed fixture)', () => {
  it('counts paid orgs, MRR/ARR (yearly as a twelfth), trials, past due, churn and conversions over 30 days', () => {
    const fixture = [
      sub('a', 'professional', 'active', t(100)), // $99, paid long ago: not a conversion
      sub('b', 'business', 'active', t(10)), // $299, converted 10 days ago
      sub('c', 'professional', 'past_due', t(60)), // $99, still paid
      sub('d', 'enterprise', 'active', t(45), { trialEnd: t(5) }), // $999, trial ended 5 days ago: a conversion
      sub('e', 'business', 'trialing', t(3), { trialEnd: t(-11) }), // trialing: not paid, no MRR
      sub('f', 'professional', 'canceled', t(200), { sourceTime: t(20) }), // churned 20 days ago
      sub('g', 'business', 'canceled', t(300), { sourceTime: t(40) }), // churned 40 days ago: outside the window
      sub('h', 'business', 'active', t(50), { interval: 'year' }), // yearly: a twelfth of its yearly price per month
    ];
    const m = computeSubscriptionMetrics(fixture, NOW);
    // By hand: 9,900 + 29,900 + 9,900 + 99,900 = 149,600 a month, plus business yearly 299,000 / 12 = 24,916.67.
    expect(m.paidOrgs).toBe(5);
    expect(m.orgsByPlan).toEqual({ professional: 2, business: 2, enterprise: 1 });
    expect(m.trialing).toBe(1);
    expect(m.pastDue).toBe(1);
    expect(m.churnedLast30d).toBe(1);
    expect(m.conversionsLast30d).toBe(2);
    expect(m.mrr.amount).toBe(174_517);
    expect(m.arr.amount).toBe(2_094_200);
    expect(m.mrr.currency).toBe('usd');
  });

  it('an empty platform reads zeros', () => {
    expect(computeSubscriptionMetrics([], NOW)).toEqual({
      mrr: { amount: 0, currency: 'usd' },
      arr: { amount: 0, currency: 'usd' },
      paidOrgs: 0,
      orgsByPlan: {},
      trialing: 0,
      pastDue: 0,
      churnedLast30d: 0,
      conversionsLast30d: 0,
    });
  });
});

import { billingPeriodAt } from '../usage/org-periods';
import { periodAt } from '../usage/period-history';
import { catalogVersionOf, historyEntryOf, MIGRATION_METADATA, orgAccessFor, recordFromSubscription, subscriptionView } from './subscription-state';

const base = {
  orgId: 'org_1',
  subscriptionId: 'sub_1',
  customerId: 'cus_1',
  planId: 'professional',
  status: 'active' as const,
  subscriptionCreated: 1_700_000_000,
  currentPeriodStart: 1_700_000_000,
  currentPeriodEnd: 1_702_592_000,
  cancelAtPeriodEnd: false,
  cancelAt: null,
  trialEnd: null,
  catalogVersion: 2,
  sourceTime: 1_700_000_000,
};

describe('orgAccessFor', () => {
  it('keeps the plan and anchors usage periods on the current period', () => {
    expect(orgAccessFor(base)).toEqual({ planId: 'professional', catalogVersion: 2, subscriptionStatus: 'active', billingAnchor: '2023-11-14T22:13:20.000Z' });
  });
  it('marks past_due from the start of the period whose renewal failed', () => {
    expect(orgAccessFor({ ...base, status: 'past_due' })).toMatchObject({ planId: 'professional', subscriptionStatus: 'past_due', pastDueSince: '2023-11-14T22:13:20.000Z' });
  });
  it('puts an ended subscription back on explorer with nothing else', () => {
    expect(orgAccessFor({ ...base, status: 'canceled' })).toEqual({ planId: 'explorer' });
    expect(orgAccessFor({ ...base, status: 'incomplete_expired' })).toEqual({ planId: 'explorer' });
  });
});

describe('subscriptionView', () => {
  it('reads explorer/active without a subscription or after it ended', () => {
    const free = { planId: 'explorer', interval: 'month', status: 'active', currentPeriodStart: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, trialEnd: null, catalogVersion: 1 };
    expect(subscriptionView(undefined)).toEqual(free);
    expect(subscriptionView({ ...base, status: 'canceled' })).toEqual(free);
  });
  it('shows the plan, Stripe status and period', () => {
    expect(subscriptionView({ ...base, cancelAtPeriodEnd: true })).toEqual({
      planId: 'professional',
      interval: 'month',
      status: 'active',
      currentPeriodStart: '2023-11-14T22:13:20.000Z',
      currentPeriodEnd: '2023-12-14T22:13:20.000Z',
      cancelAtPeriodEnd: true,
      trialEnd: null,
      catalogVersion: 2,
    });
    expect(subscriptionView({ ...base, interval: 'year', status: 'trialing', trialEnd: 1_701_209_600 })).toMatchObject({ interval: 'year', status: 'trialing', trialEnd: '2023-11-28T22:13:20.000Z' });
  });
});

describe('usage periods of a subscription anchored at the end of a month', () => {
  // Stripe keeps billing_cycle_anchor (Jan 31) and clamps: Jan 31 -> Feb 28 -> Mar 31. Anchoring Argus's periods on the
  // current period's start (Feb 28) would repeat on the 28th and cut Stripe's Feb 28–Mar 31 period at Mar 28.
  const s = (iso: string) => Date.parse(iso) / 1000;
  const sub = {
    id: 'sub_31',
    object: 'subscription' as const,
    customer: 'cus_1',
    status: 'active' as const,
    created: s('2026-01-31T00:00:00Z'),
    billing_cycle_anchor: s('2026-01-31T00:00:00Z'),
    cancel_at_period_end: false,
    metadata: {},
    items: {
      data: [{ id: 'si_1', price: { id: 'price_1', lookup_key: 'argus_professional_month', metadata: {} }, current_period_start: s('2026-02-28T00:00:00Z'), current_period_end: s('2026-03-31T00:00:00Z') }],
    },
  };

  it("places usage in Stripe's period, from the subscription's billing cycle anchor", () => {
    const access = orgAccessFor(recordFromSubscription('org_1', sub, sub.created));
    expect(billingPeriodAt(access, new Date('2026-03-29T12:00:00Z'))).toEqual({ start: '2026-02-28T00:00:00.000Z', end: '2026-03-31T00:00:00.000Z' });
    expect(billingPeriodAt(access, new Date('2026-04-29T12:00:00Z'))).toEqual({ start: '2026-03-31T00:00:00.000Z', end: '2026-04-30T00:00:00.000Z' });
  });

  it('a state becomes a period-history entry: start, anchor, plan; an ended one its end; an incomplete one nothing', () => {
    const entry = historyEntryOf({ ...sub, start_date: s('2026-01-31T00:00:00Z') }, s('2026-03-01T00:00:00Z'))!;
    expect(entry).toEqual({
      subscriptionId: 'sub_31',
      anchor: '2026-01-31T00:00:00.000Z',
      since: '2026-02-28T00:00:00.000Z',
      subscriptionStart: '2026-01-31T00:00:00.000Z',
      planId: 'professional',
      observedAt: s('2026-03-01T00:00:00Z'),
    });
    const ended = historyEntryOf({ ...sub, status: 'canceled', ended_at: s('2026-03-10T00:00:00Z') }, s('2026-03-10T00:00:01Z'))!;
    expect(ended.endedAt).toBe('2026-03-10T00:00:00.000Z');
    expect(periodAt({ x: ended }, new Date('2026-03-10T00:00:00Z'))).toMatchObject({ start: '2026-03-10T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z', planId: 'explorer' });
    expect(historyEntryOf({ ...sub, status: 'incomplete' }, 1)).toBeUndefined();
  });
});

describe('catalogVersionOf', () => {
  const sub = (lookupKey: string, metadata: Record<string, string> = {}) =>
    ({
      id: 'sub_1', object: 'subscription', customer: 'cus_1', status: 'active', created: 1_700_000_000, cancel_at_period_end: false, metadata,
      items: { data: [{ id: 'si_1', price: { id: 'price_1', lookup_key: lookupKey, metadata: {} }, current_period_start: 1_700_000_000, current_period_end: 1_702_592_000 }] },
    }) as never;
  it("reads the licensed price's version (a pre-version lookup key is version 1)", () => {
    expect(catalogVersionOf(sub('argus_professional_month_v1'), 1_700_000_000)).toBe(1);
    expect(catalogVersionOf(sub('argus_professional_month'), 1_700_000_000)).toBe(1);
  });
  it('keeps the version migrated from until the period the migration was made in has ended', () => {
    const migrated = sub('argus_professional_month_v1', { [MIGRATION_METADATA.from]: '3', [MIGRATION_METADATA.at]: '1702592000' });
    expect(catalogVersionOf(migrated, 1_700_000_000)).toBe(3);
    expect(catalogVersionOf(migrated, 1_702_592_000)).toBe(1);
  });
});

import { orgAccessFor, subscriptionView } from './subscription-state';

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
  sourceTime: 1_700_000_000,
};

describe('orgAccessFor', () => {
  it('keeps the plan and anchors usage periods on the current period', () => {
    expect(orgAccessFor(base)).toEqual({ planId: 'professional', subscriptionStatus: 'active', billingAnchor: '2023-11-14T22:13:20.000Z' });
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
    const free = { planId: 'explorer', status: 'active', currentPeriodStart: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, trialEnd: null };
    expect(subscriptionView(undefined)).toEqual(free);
    expect(subscriptionView({ ...base, status: 'canceled' })).toEqual(free);
  });
  it('shows the plan, Stripe status and period', () => {
    expect(subscriptionView({ ...base, cancelAtPeriodEnd: true })).toEqual({
      planId: 'professional',
      status: 'active',
      currentPeriodStart: '2023-11-14T22:13:20.000Z',
      currentPeriodEnd: '2023-12-14T22:13:20.000Z',
      cancelAtPeriodEnd: true,
      trialEnd: null,
    });
  });
});

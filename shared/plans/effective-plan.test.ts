import { effectivePlan } from './effective-plan';

const now = new Date('2026-05-10T00:00:00Z');

describe('effectivePlan', () => {
  it('grants the subscribed plan while active or trialing', () => {
    expect(effectivePlan({ planId: 'business', subscriptionStatus: 'active' }, now, 3).id).toBe('business');
    expect(effectivePlan({ planId: 'business', subscriptionStatus: 'trialing' }, now, 3).id).toBe('business');
  });

  it('keeps a past_due plan during the grace period, then falls back to explorer', () => {
    expect(effectivePlan({ planId: 'professional', subscriptionStatus: 'past_due', pastDueSince: '2026-05-08T00:00:00Z' }, now, 3).id).toBe('professional');
    expect(effectivePlan({ planId: 'professional', subscriptionStatus: 'past_due', pastDueSince: '2026-05-07T00:00:00Z' }, now, 3).id).toBe('explorer');
  });

  it('drops canceled, unpaid and incomplete subscriptions and unknown plans to explorer', () => {
    for (const status of ['canceled', 'unpaid', 'incomplete'] as const) {
      expect(effectivePlan({ planId: 'enterprise', subscriptionStatus: status }, now, 3).id).toBe('explorer');
    }
    expect(effectivePlan({ planId: 'gone' }, now, 3).id).toBe('explorer');
  });
});

describe('effectivePlan and catalog versions', () => {
  it('reads the plan in the version the subscription is on; an unknown version reads the current one', () => {
    expect(effectivePlan({ planId: 'professional', subscriptionStatus: 'active', catalogVersion: 1 }, now, 3)).toBe(effectivePlan({ planId: 'professional', subscriptionStatus: 'active' }, now, 3));
    expect(effectivePlan({ planId: 'professional', subscriptionStatus: 'active', catalogVersion: 99 }, now, 3).prices[0]!.amount).toBe(9_900);
  });
});

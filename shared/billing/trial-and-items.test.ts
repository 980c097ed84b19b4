import type Stripe from 'stripe';
import { findPlan } from '../plans/catalog';
import { planPriceSpecs } from './stripe-catalog';
import { newItemFor, subscriptionInterval, trialFor } from './subscription-items';

const price = (id: string) => ({ id }) as Stripe.Price;

describe('trialFor', () => {
  const pro = findPlan('professional')!;
  it("gives the plan's trial days to an org's first paid subscription only", () => {
    expect(trialFor(pro, { periodHistory: undefined }, false)).toBe(14);
    expect(trialFor(pro, { periodHistory: {} }, false)).toBe(14);
    expect(trialFor(pro, { periodHistory: {} }, true)).toBe(0);
    const history = { 'sub_1@2026-01-01T00:00:00.000Z': { subscriptionId: 'sub_1', anchor: '2026-01-01T00:00:00.000Z', since: '2026-01-01T00:00:00.000Z', subscriptionStart: '2026-01-01T00:00:00.000Z', planId: 'professional', observedAt: 1 } };
    expect(trialFor(pro, { periodHistory: history }, false)).toBe(0);
    expect(trialFor(findPlan('enterprise')!, {}, false)).toBe(0);
  });
});

describe('newItemFor', () => {
  const specs = planPriceSpecs('professional', undefined, 'year');
  const seat = specs.find((s) => s.kind === 'seat')!;
  it('adds the fee once, metered prices without quantity, and seats only beyond the included 25', () => {
    expect(newItemFor(specs[0]!, price('p_fee'), 3)).toEqual({ price: 'p_fee', quantity: 1 });
    expect(newItemFor(specs[1]!, price('p_over'), 3)).toEqual({ price: 'p_over' });
    expect(newItemFor(seat, price('p_seat'), 25)).toBeUndefined();
    expect(newItemFor(seat, price('p_seat'), 27)).toEqual({ price: 'p_seat', quantity: 2 });
  });
  it("reads a subscription's interval from its plan fee, not from its monthly metered items", () => {
    const item = (kind: string, interval: string, usage: 'licensed' | 'metered') => ({ price: { metadata: { argus_kind: kind }, recurring: { interval, usage_type: usage } } });
    expect(subscriptionInterval([item('overage', 'month', 'metered'), item('licensed', 'year', 'licensed')])).toBe('year');
    expect(subscriptionInterval([item('licensed', 'month', 'licensed'), item('overage', 'month', 'metered')])).toBe('month');
  });
});

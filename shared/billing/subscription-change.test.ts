import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stripeEventSchema, type StripeSubscriptionEvent } from '../../events/stripe';
import { subscriptionChange } from './subscription-change';

const sample = (name: string) =>
  stripeEventSchema.parse(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'events', 'samples', 'stripe', `${name}.json`), 'utf8'))) as StripeSubscriptionEvent;

const withPrevious = (event: StripeSubscriptionEvent, previous: Record<string, unknown> | undefined): StripeSubscriptionEvent => {
  const copy = structuredClone(event);
  if (previous === undefined) delete (copy.data as { previous_attributes?: unknown }).previous_attributes;
  else (copy.data as { previous_attributes?: unknown }).previous_attributes = previous;
  return copy;
};

describe('subscriptionChange: which update events the audit log records as subscription.changed', () => {
  const pastDue = sample('subscription-updated-past-due');
  const cancel = sample('subscription-updated-cancel-at-period-end');

  it('records status and cancellation changes with what they were before', () => {
    expect(subscriptionChange(pastDue)).toEqual({ previousStatus: 'active' });
    expect(subscriptionChange(cancel)).toEqual({ previousCancelAtPeriodEnd: false });
  });

  it('records a plan change (other prices on the items) and skips a renewal (same prices, new period)', () => {
    const items = pastDue.data.object.items.data;
    const renewal = withPrevious(pastDue, { items: { data: items.map((i) => ({ ...i, current_period_start: i.current_period_start - 2_592_000 })) }, latest_invoice: 'in_old' });
    expect(subscriptionChange(renewal)).toBeUndefined();
    const swapped = withPrevious(pastDue, { items: { data: items.map((i) => ({ ...i, price: { ...i.price, id: `${i.price.id}_old`, metadata: {}, lookup_key: null } })) } });
    expect(subscriptionChange(swapped)).toHaveProperty('previousPlanId');
  });

  it('records an update whose previous values are missing rather than miss a change', () => {
    expect(subscriptionChange(withPrevious(pastDue, undefined))).toEqual({});
  });
});

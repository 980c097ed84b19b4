import type Stripe from 'stripe';
import { stripeClient } from '../clients/stripe';
import { requireOrg } from './stripe-customer';
import { liveSubscription, planChangeItems, viewOf } from './current-subscription';
import type { BillingInterval } from './stripe-catalog';
import { subscriptionInterval } from './subscription-items';
import type { SubscriptionView } from './subscription-state';

export type SubscriptionChange = { planId: string; interval?: BillingInterval } | { cancelAtPeriodEnd: boolean };

/**
 * Changes the org's subscription in Stripe and answers with Stripe's resulting state (the mirror follows through the
 * webhooks). A plan change (and an interval change: monthly to yearly or back) prorates and invoices at once;
 * `pending_if_incomplete` keeps the old plan if that payment fails. The interval stays as it is unless given.
 * `cancelAtPeriodEnd` true cancels at the end of the paid period, false resumes.
 */
export async function changeSubscription(orgId: string, change: SubscriptionChange): Promise<SubscriptionView> {
  const stripe = await stripeClient();
  const sub = await liveSubscription(stripe, orgId);
  if ('cancelAtPeriodEnd' in change) return viewOf(orgId, await stripe.subscriptions.update(sub.id, cancellation(sub, change.cancelAtPeriodEnd)));
  const org = await requireOrg(orgId);
  const interval = change.interval ?? subscriptionInterval(sub.items.data);
  const items = await planChangeItems(stripe, sub, change.planId, interval, org.memberCount ?? 0);
  if (items.length === 0) return viewOf(orgId, sub);
  const updated = await stripe.subscriptions.update(sub.id, { items, proration_behavior: 'always_invoice', payment_behavior: 'pending_if_incomplete' });
  return viewOf(orgId, updated);
}

/**
 * A yearly plan's usage items run monthly periods, and with mixed intervals Stripe resolves `cancel_at_period_end` to
 * the EARLIEST item's period end (next month's usage cut-off, not the paid year's end): a yearly subscription is
 * scheduled with `cancel_at: max_period_end` instead, and resuming clears whichever of the two is set.
 */
function cancellation(sub: Stripe.Subscription, cancel: boolean): Stripe.SubscriptionUpdateParams {
  if (cancel) return subscriptionInterval(sub.items.data) === 'year' ? { cancel_at: 'max_period_end' } : { cancel_at_period_end: true };
  return !sub.cancel_at_period_end && sub.cancel_at ? { cancel_at: '' } : { cancel_at_period_end: false };
}

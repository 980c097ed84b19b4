import { stripeClient } from '../clients/stripe';
import { liveSubscription, planChangeItems, viewOf } from './current-subscription';
import type { SubscriptionView } from './subscription-state';

export type SubscriptionChange = { planId: string } | { cancelAtPeriodEnd: boolean };

/**
 * Changes the org's subscription in Stripe and answers with Stripe's resulting state (the mirror follows through the
 * webhooks). A plan change prorates and invoices at once; `pending_if_incomplete` keeps the old plan if that payment
 * fails. `cancelAtPeriodEnd` true cancels at the end of the paid period, false resumes.
 */
export async function changeSubscription(orgId: string, change: SubscriptionChange): Promise<SubscriptionView> {
  const stripe = await stripeClient();
  const sub = await liveSubscription(stripe, orgId);
  if ('cancelAtPeriodEnd' in change) {
    return viewOf(orgId, await stripe.subscriptions.update(sub.id, { cancel_at_period_end: change.cancelAtPeriodEnd }));
  }
  const items = await planChangeItems(stripe, sub, change.planId);
  if (items.length === 0) return viewOf(orgId, sub);
  const updated = await stripe.subscriptions.update(sub.id, { items, proration_behavior: 'always_invoice', payment_behavior: 'pending_if_incomplete' });
  return viewOf(orgId, updated);
}

import type Stripe from 'stripe';
import { stripeSubscriptionSchema } from '../../events/stripe';
import { getSubscriptionRecord } from '../db/subscriptions';
import { ConflictError } from '../errors';
import { extraSeats, findPlan } from '../plans/catalog';
import { describePrice, type BillingInterval } from './stripe-catalog';
import { newItemFor } from './subscription-items';
import { planPrices } from './stripe-prices';
import { isEnded } from './subscription-convergence';
import { recordFromSubscription, subscriptionView, type SubscriptionView } from './subscription-state';

/** The org's live subscription, fresh from Stripe (changes are decided on Stripe's state, not the mirror's). */
export async function liveSubscription(stripe: Stripe, orgId: string): Promise<Stripe.Subscription> {
  const record = await getSubscriptionRecord(orgId);
  if (!record || isEnded(record.status)) throw new ConflictError('The org has no paid subscription; start one with checkout');
  const sub = await stripe.subscriptions.retrieve(record.subscriptionId);
  if (isEnded(sub.status)) throw new ConflictError('The org has no paid subscription; start one with checkout');
  return sub;
}

/**
 * The item changes that move a subscription to `planId` billed every `interval` (in the current catalog version, or
 * `version`): each item swaps to the target's price of the same kind (plan fee, overage of the same metric, seats),
 * items the target lacks are removed, prices it adds are added; the seat item carries the seats beyond the target
 * plan's included ones for `members` members (removed at 0).
 */
export async function planChangeItems(
  stripe: Stripe,
  sub: Stripe.Subscription,
  planId: string,
  interval: BillingInterval,
  members: number,
  version?: number,
): Promise<Stripe.SubscriptionUpdateParams.Item[]> {
  const target = await planPrices(stripe, planId, version, interval);
  const seats = extraSeats(findPlan(planId, version)!, members);
  const used = new Set<string>();
  const items: Stripe.SubscriptionUpdateParams.Item[] = [];
  for (const item of sub.items.data) {
    const current = describePrice(item.price);
    const match = target.find(({ spec }) => current && spec.kind === current.kind && spec.metric === current.metric && !used.has(spec.lookupKey));
    if (!match || (match.spec.kind === 'seat' && seats === 0)) {
      items.push({ id: item.id, deleted: true });
      continue;
    }
    used.add(match.spec.lookupKey);
    const quantity = match.spec.kind === 'seat' && item.quantity !== seats ? { quantity: seats } : {};
    if (item.price.id !== match.price.id || 'quantity' in quantity) items.push({ id: item.id, ...(item.price.id !== match.price.id ? { price: match.price.id } : {}), ...quantity });
  }
  for (const { spec, price } of target) {
    if (used.has(spec.lookupKey)) continue;
    const added = newItemFor(spec, price, members);
    if (added) items.push(added);
  }
  return items;
}

/** The contract view of a subscription object Stripe just returned. */
export function viewOf(orgId: string, sub: Stripe.Subscription): SubscriptionView {
  return subscriptionView(recordFromSubscription(orgId, stripeSubscriptionSchema.parse(sub), 0));
}

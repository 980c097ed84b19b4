import type Stripe from 'stripe';
import { stripeSubscriptionSchema } from '../../events/stripe';
import { getSubscriptionRecord } from '../db/subscriptions';
import { ConflictError } from '../errors';
import { describePrice } from './stripe-catalog';
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
 * The item changes that move a subscription to `planId` (in the current catalog version, or `version`): each item swaps
 * to the target plan's price of the same kind (licensed, or overage of the same metric), items the target lacks are
 * removed, prices it adds are added.
 */
export async function planChangeItems(stripe: Stripe, sub: Stripe.Subscription, planId: string, version?: number): Promise<Stripe.SubscriptionUpdateParams.Item[]> {
  const target = await planPrices(stripe, planId, version);
  const used = new Set<string>();
  const items: Stripe.SubscriptionUpdateParams.Item[] = [];
  for (const item of sub.items.data) {
    const current = describePrice(item.price);
    const match = target.find(({ spec }) => current && spec.kind === current.kind && spec.metric === current.metric && !used.has(spec.lookupKey));
    if (!match) {
      items.push({ id: item.id, deleted: true });
      continue;
    }
    used.add(match.spec.lookupKey);
    if (item.price.id !== match.price.id) items.push({ id: item.id, price: match.price.id });
  }
  for (const { spec, price } of target) {
    if (!used.has(spec.lookupKey)) items.push(spec.kind === 'licensed' ? { price: price.id, quantity: 1 } : { price: price.id });
  }
  return items;
}

/** The contract view of a subscription object Stripe just returned. */
export function viewOf(orgId: string, sub: Stripe.Subscription): SubscriptionView {
  return subscriptionView(recordFromSubscription(orgId, stripeSubscriptionSchema.parse(sub), 0));
}

import type Stripe from 'stripe';
import { stripeSubscriptionSchema } from '../../events/stripe';
import { stripeClient } from '../clients/stripe';
import { getOrg } from '../db/orgs';
import { getSubscriptionRecord } from '../db/subscriptions';
import { logger } from '../logger';
import { extraSeats, findPlan } from '../plans/catalog';
import { describePrice } from './stripe-catalog';
import { planPrices } from './stripe-prices';
import { subscriptionInterval } from './subscription-items';
import { isEnded } from './subscription-convergence';
import { planIdOf } from './subscription-state';

export type SeatSync = 'no_subscription' | 'unchanged' | 'updated';

const ATTEMPTS = 3;

/**
 * Keeps the org's Stripe seat item at the seats its members use beyond the plan's included ones (CONTRACT §4: a plan
 * may bill seats per seat). Called after every membership change. It sets an absolute quantity read from the org's
 * `memberCount` (kept by the membership transactions), so a repeat or a retry changes nothing, and it re-reads the
 * count after writing: a join or leave that raced with it is followed by one more pass.
 * Stripe's default proration applies (`create_prorations`): a seat added mid-period is charged for the rest of the
 * period on the next invoice, which also bills it for the next period; a seat freed mid-period is credited.
 */
export async function syncSeats(orgId: string): Promise<SeatSync> {
  let result: SeatSync = 'unchanged';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [org, record] = await Promise.all([getOrg(orgId), getSubscriptionRecord(orgId)]);
    if (!org || !record || isEnded(record.status)) return 'no_subscription';
    const members = org.memberCount ?? 0;
    const stripe = await stripeClient();
    const sub = await stripe.subscriptions.retrieve(record.subscriptionId);
    if (isEnded(sub.status)) return 'no_subscription';
    if (!(await setSeatQuantity(stripe, sub, members))) return result;
    result = 'updated';
    if (((await getOrg(orgId))?.memberCount ?? 0) === members) return result;
  }
  return result;
}

/** True when the subscription's seat item had to change for `members` members. */
async function setSeatQuantity(stripe: Stripe, sub: Stripe.Subscription, members: number): Promise<boolean> {
  const planId = planIdOf(stripeSubscriptionSchema.parse(sub));
  // The subscription's own catalog version: its seat price is that version's.
  const version = sub.items.data.map((i) => describePrice(i.price)).find((m) => m?.kind === 'licensed')?.catalogVersion;
  const plan = planId ? findPlan(planId, version) : undefined;
  if (!plan) return false;
  const seats = extraSeats(plan, members);
  const item = sub.items.data.find((i) => describePrice(i.price)?.kind === 'seat');
  if ((item?.quantity ?? 0) === seats) return false;
  let items: Stripe.SubscriptionUpdateParams.Item[];
  if (item) items = [seats === 0 ? { id: item.id, deleted: true } : { id: item.id, quantity: seats }];
  else {
    const seatPrice = (await planPrices(stripe, plan.id, version, subscriptionInterval(sub.items.data))).find(({ spec }) => spec.kind === 'seat');
    if (!seatPrice) return false;
    items = [{ price: seatPrice.price.id, quantity: seats }];
  }
  await stripe.subscriptions.update(sub.id, { items, proration_behavior: 'create_prorations' });
  logger.info('seat quantity updated', { subscriptionId: sub.id, seats, members });
  return true;
}

/**
 * `syncSeats` after a membership change that is already committed: a Stripe failure must not turn the join or leave
 * into an error, so it is logged (the next membership change, or a plan change, sets the quantity again).
 */
export async function followSeats(orgId: string): Promise<void> {
  try {
    await syncSeats(orgId);
  } catch (error) {
    logger.error('seat quantity not synced to Stripe', { orgId, error: error instanceof Error ? error.message : String(error) });
  }
}

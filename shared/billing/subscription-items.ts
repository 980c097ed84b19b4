import type Stripe from 'stripe';
import type { Org } from '../db/orgs';
import { extraSeats, findPlan, type Plan } from '../plans/catalog';
import type { BillingInterval, PriceSpec } from './stripe-catalog';

/**
 * The line a plan price takes in a new subscription (Checkout line item, or an item added on a plan change): the plan
 * fee once, metered prices without a quantity, the seat price with the seats beyond the included ones (left out at 0:
 * Checkout refuses a zero quantity, and a $0 seat line only clutters invoices; it is added when the 26th member joins).
 */
export function newItemFor(spec: PriceSpec, price: Stripe.Price, members: number): { price: string; quantity?: number } | undefined {
  if (spec.kind === 'licensed') return { price: price.id, quantity: 1 };
  if (spec.kind === 'overage') return { price: price.id };
  const seats = extraSeats(findPlan(spec.planId)!, members);
  return seats > 0 ? { price: price.id, quantity: seats } : undefined;
}

/** The interval a subscription bills its plan fee on (its licensed item's price). */
export function subscriptionInterval(items: Array<{ price: { recurring?: { interval?: string; usage_type?: string } | null; metadata?: Record<string, string> | null } }>): BillingInterval {
  const fee = items.find((i) => i.price.metadata?.argus_kind === 'licensed') ?? items.find((i) => i.price.recurring?.usage_type !== 'metered');
  return fee?.price.recurring?.interval === 'year' ? 'year' : 'month';
}

/**
 * The plan's trial applies to an org's first paid subscription only (CONTRACT §3). The org's record of having had one
 * is its period history (every subscription that ever granted access leaves an entry, written from Stripe's webhooks)
 * and, for a subscription whose webhooks are still on their way, Stripe's own list of the customer's subscriptions
 * (any status): both must be empty for a trial.
 */
export function trialFor(plan: Plan, org: Pick<Org, 'periodHistory'>, stripeHasSubscriptions: boolean): number {
  const hadOne = stripeHasSubscriptions || Object.keys(org.periodHistory ?? {}).length > 0;
  return hadOne ? 0 : plan.trialDays;
}

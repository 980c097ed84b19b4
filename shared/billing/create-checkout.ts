import { auditOnce } from '../audit/audit-once';
import type { AuditActor } from '../audit/audit-log';
import { emitMetric } from '../observability/metrics';
import Stripe from 'stripe';
import { stripeClient } from '../clients/stripe';
import { getSubscriptionRecord } from '../db/subscriptions';
import { ConflictError, ValidationError } from '../errors';
import { findPlan } from '../plans/catalog';
import { logger } from '../logger';
import { ensureStripeCustomer, requireOrg } from './stripe-customer';
import type { BillingInterval } from './stripe-catalog';
import { planPrices } from './stripe-prices';
import { newItemFor, trialFor } from './subscription-items';
import { isEnded } from './subscription-convergence';

export interface CheckoutRequest {
  planId: string;
  /** How often the plan fee is billed (default `month`); usage is billed monthly either way. */
  interval?: BillingInterval;
  successUrl: string;
  cancelUrl: string;
  /** Let the customer enter a Stripe promotion code on the Checkout page. */
  allowPromotionCodes?: boolean;
}

const LIVE_STRIPE_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused']);

/**
 * A Stripe Checkout Session for a paid plan: the licensed price of the chosen interval plus the plan's (monthly) metered
 * overage prices and, on a plan that bills seats, the seats beyond its included ones; the plan's trial on the org's
 * first paid subscription; promotion codes if asked for. On the org's one
 * Stripe customer, tagged with the org id. 409 while the org has a live subscription (the table, then Stripe, which
 * also catches a checkout completed moments ago whose webhooks are still on their way). The org's other open
 * checkouts are expired, so one org never holds two payable ones.
 */
export async function createCheckout(orgId: string, request: CheckoutRequest, actor: AuditActor): Promise<{ id: string; url: string }> {
  const org = await requireOrg(orgId);
  const record = await getSubscriptionRecord(orgId);
  if (record && !isEnded(record.status)) throw new ConflictError('The org already has a paid subscription; change its plan instead');
  const stripe = await stripeClient();
  const customer = await ensureStripeCustomer(stripe, org);
  const existing = await stripe.subscriptions.list({ customer, status: 'all', limit: 20 });
  if (existing.data.some((s) => LIVE_STRIPE_STATUSES.has(s.status))) throw new ConflictError('The org already has a paid subscription; change its plan instead');
  const interval = request.interval ?? 'month';
  const plan = findPlan(request.planId)!;
  if (!plan.prices.some((p) => p.interval === interval && p.amount > 0)) {
    throw new ValidationError([{ path: 'interval', message: `the ${plan.name} plan has no ${interval}ly price` }]);
  }
  const prices = await planPrices(stripe, request.planId, undefined, interval);
  const trialDays = trialFor(plan, org, existing.data.length > 0);
  const metadata = { orgId, planId: request.planId };
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: orgId,
    line_items: prices.flatMap(({ spec, price }) => newItemFor(spec, price, org.memberCount ?? 0) ?? []),
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    metadata,
    ...(request.allowPromotionCodes ? { allow_promotion_codes: true } : {}),
    subscription_data: { metadata, ...(trialDays > 0 ? { trial_period_days: trialDays } : {}) },
  });
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  // Recorded once Stripe confirms the session exists (a Stripe call, not a table write), once per session id.
  await auditOnce(`checkout.created#${session.id}`, { orgId, action: 'checkout.created', actor, target: `checkout:${session.id}`, details: { mode: 'subscription', planId: request.planId } });
  await expireOtherSessions(stripe, customer, session.id);
  emitMetric('Checkouts');
  return { id: session.id, url: session.url };
}

/**
 * Only the newest checkout of an org can be paid: its other open subscription sessions are expired (after the new
 * one exists, so a failure here leaves at worst a second payable session, which the webhook processor's duplicate
 * rule handles). A session completed meanwhile cannot be expired any more; that is the same race, handled the same way.
 */
async function expireOtherSessions(stripe: Stripe, customer: string, keep: string): Promise<void> {
  for await (const open of stripe.checkout.sessions.list({ customer, status: 'open', limit: 100 })) {
    if (open.id === keep || open.mode !== 'subscription') continue;
    try {
      await stripe.checkout.sessions.expire(open.id);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      logger.info('checkout session no longer open; not expired', { sessionId: open.id });
    }
  }
}

import { auditOnce } from '../audit/audit-once';
import type { AuditActor } from '../audit/audit-log';
import { emitMetric } from '../observability/metrics';
import Stripe from 'stripe';
import { stripeClient } from '../clients/stripe';
import { getSubscriptionRecord } from '../db/subscriptions';
import { ConflictError } from '../errors';
import { logger } from '../logger';
import { ensureStripeCustomer, requireOrg } from './stripe-customer';
import { planPrices } from './stripe-prices';
import { isEnded } from './subscription-convergence';

export interface CheckoutRequest {
  planId: string;
  successUrl: string;
  cancelUrl: string;
}

const LIVE_STRIPE_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused']);

/**
 * A Stripe Checkout Session for a paid plan: the licensed price plus the plan's metered overage prices, on the org's one
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
  const prices = await planPrices(stripe, request.planId);
  const metadata = { orgId, planId: request.planId };
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: orgId,
    line_items: prices.map(({ spec, price }) => (spec.kind === 'licensed' ? { price: price.id, quantity: 1 } : { price: price.id })),
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    metadata,
    subscription_data: { metadata },
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

import { auditOnce } from '../audit/audit-once';
import type { AuditActor } from '../audit/audit-log';
import { stripeClient } from '../clients/stripe';
import { emitMetric } from '../observability/metrics';
import { findCreditPack } from '../plans/catalog';
import { ensureStripeCustomer, requireOrg } from './stripe-customer';
import { packPrice } from './stripe-packs';

export interface PackCheckoutRequest {
  packId: string;
  quantity: number;
  successUrl: string;
  cancelUrl: string;
}

/** What a pack session carries for the webhook processor (Stripe metadata values are strings). */
export const PACK_SESSION_METADATA = { orgId: 'orgId', packId: 'packId', quantity: 'quantity' } as const;

/**
 * A Stripe Checkout Session in payment mode for `quantity` of a credit pack (CONTRACT §3), on the org's one Stripe
 * customer, whatever its plan. Nothing is granted here: the webhook processor grants the credits once the session is
 * paid (grant-purchased-credits.ts). The session is recorded in the audit log (`checkout.created`) once Stripe has
 * confirmed it exists, keyed by its id.
 */
export async function createPackCheckout(orgId: string, request: PackCheckoutRequest, actor: AuditActor): Promise<{ id: string; url: string }> {
  const org = await requireOrg(orgId);
  const pack = findCreditPack(request.packId);
  if (!pack) throw new Error(`credit pack ${request.packId} passed validation but is not in the catalog`);
  const stripe = await stripeClient();
  const customer = await ensureStripeCustomer(stripe, org);
  const price = await packPrice(stripe, pack.id);
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    customer,
    client_reference_id: orgId,
    line_items: [{ price: price.id, quantity: request.quantity }],
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    metadata: { [PACK_SESSION_METADATA.orgId]: orgId, [PACK_SESSION_METADATA.packId]: pack.id, [PACK_SESSION_METADATA.quantity]: String(request.quantity) },
  });
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  await auditOnce(`checkout.created#${session.id}`, {
    orgId,
    action: 'checkout.created',
    actor,
    target: `checkout:${session.id}`,
    details: { mode: 'payment', packId: pack.id, quantity: request.quantity, metric: pack.metric, credits: pack.quantity * request.quantity, amount: { amount: pack.price.amount * request.quantity, currency: pack.price.currency } },
  });
  emitMetric('Checkouts');
  return { id: session.id, url: session.url };
}

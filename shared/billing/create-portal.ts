import { stripeClient } from '../clients/stripe';
import { ensureStripeCustomer, requireOrg } from './stripe-customer';

/** A Stripe customer portal session for the org (its Stripe customer is created if it has none yet). */
export async function createPortal(orgId: string, returnUrl: string): Promise<{ url: string }> {
  const org = await requireOrg(orgId);
  const stripe = await stripeClient();
  const customer = await ensureStripeCustomer(stripe, org);
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: returnUrl });
  return { url: session.url };
}

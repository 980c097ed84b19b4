import type Stripe from 'stripe';
import { linkStripeCustomer } from '../db/stripe-customers';
import { getOrg, type Org } from '../db/orgs';
import { NotFoundError } from '../errors';

export async function requireOrg(orgId: string): Promise<Org> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  return org;
}

/**
 * The org's Stripe customer, created once: Stripe's idempotency key makes concurrent first calls get the same customer,
 * and the conditional link in the table makes the first link the only one (a loser re-reads and uses the winner's).
 */
export async function ensureStripeCustomer(stripe: Stripe, org: Org): Promise<string> {
  if (org.stripeCustomerId) return org.stripeCustomerId;
  const customer = await stripe.customers.create({ name: org.name, metadata: { orgId: org.id } }, { idempotencyKey: `argus-org-customer-${org.id}` });
  if (await linkStripeCustomer(org.id, customer.id)) return customer.id;
  const linked = (await requireOrg(org.id)).stripeCustomerId;
  if (!linked) throw new Error(`org ${org.id}: Stripe customer link failed`);
  return linked;
}

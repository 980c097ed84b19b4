import { getOrg } from '../db/orgs';
import { listOrgMembersPage, type Membership } from '../db/memberships';
import { NotFoundError } from '../errors';
import { getSubscription } from './get-subscription';

export interface BillingCustomer {
  orgId: string;
  name: string;
  /** The org's Stripe customer; null until its first checkout creates one. */
  customerId: string | null;
  /** The billing contact: the org's first owner (Stripe customers are created with the org's name, not an email). */
  email: string | null;
  planId: string;
  status: string;
}

/** The org's billing customer as Argus mirrors it (no Stripe call): customer id, contact, plan and status. */
export async function getBillingCustomer(orgId: string): Promise<BillingCustomer> {
  const [org, subscription] = await Promise.all([getOrg(orgId), getSubscription(orgId)]);
  if (!org) throw new NotFoundError('Org not found');
  const contact = await firstOwner(orgId);
  return { orgId, name: org.name, customerId: org.stripeCustomerId ?? null, email: contact?.email ?? null, planId: subscription.planId, status: subscription.status };
}

async function firstOwner(orgId: string): Promise<Membership | undefined> {
  let first: Membership | undefined;
  let after: string | undefined;
  do {
    const page = await listOrgMembersPage(orgId, 100, after);
    for (const m of page.members) if (m.role === 'owner' && (!first || m.createdAt < first.createdAt)) first = m;
    after = page.after ?? undefined;
  } while (after);
  return first;
}

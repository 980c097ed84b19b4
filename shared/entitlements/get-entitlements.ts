import { getOrg } from '../db/orgs';
import { NotFoundError } from '../errors';
import { currentPlan } from '../plans/current-plan';
import { entitlementsOf, type Entitlements } from './entitlements-of';

/** The entitlements of the plan in force for the org now. */
export async function getOrgEntitlements(orgId: string): Promise<Entitlements> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  return entitlementsOf(currentPlan(org));
}

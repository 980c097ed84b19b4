import { getOrg } from '../db/orgs';
import { currentPlan } from '../plans/current-plan';
import { NotFoundError } from '../errors';

export interface OrgView {
  id: string;
  name: string;
  slug: string;
  planId: string;
  createdAt: string;
  seats: { used: number; limit: number | null };
}

/** The org as members see it; `planId` and the seat limit are those of the plan in force now (effective plan). */
export async function getOrgView(orgId: string): Promise<OrgView> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  const plan = currentPlan(org);
  return { id: org.id, name: org.name, slug: org.slug, planId: plan.id, createdAt: org.createdAt, seats: { used: org.memberCount ?? 0, limit: plan.seats } };
}

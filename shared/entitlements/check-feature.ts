import { getOrg } from '../db/orgs';
import { NotFoundError } from '../errors';
import { findPlan } from '../plans/catalog';
import type { Feature } from '../plans/catalog-schema';
import { currentPlan } from '../plans/current-plan';

export type FeatureReason = 'included' | 'not_in_plan' | 'subscription_inactive';

export interface FeatureCheck {
  allowed: boolean;
  planId: string;
  reason: FeatureReason;
}

/**
 * Whether the org may use a feature now. `subscription_inactive`: its subscribed plan has the feature but the
 * subscription no longer grants access (past_due beyond the grace period, canceled, unpaid), so it is on the free plan.
 */
export async function checkFeature(orgId: string, feature: Feature): Promise<FeatureCheck> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  const plan = currentPlan(org);
  if (plan.features.includes(feature)) return { allowed: true, planId: plan.id, reason: 'included' };
  const subscribed = findPlan(org.planId);
  const lapsed = subscribed && subscribed.id !== plan.id && subscribed.features.includes(feature);
  return { allowed: false, planId: plan.id, reason: lapsed ? 'subscription_inactive' : 'not_in_plan' };
}

import type { Org } from '../db/orgs';
import { defaultPlan, findPlan, type Plan } from './catalog';
import { applyOverride } from './plan-override';

const DAY_MS = 86_400_000;

export type PlanFields = Pick<Org, 'planId' | 'subscriptionStatus' | 'pastDueSince' | 'catalogVersion' | 'planOverride'>;

/**
 * The plan whose limits apply to an org right now: its subscription's plan, in the catalog version the subscription
 * is on, while the subscription grants access, a past_due one until `graceDays` have passed, and the free default
 * plan (current version) otherwise; then the org's operator override on top (shared/plans/plan-override.ts).
 */
export function effectivePlan(org: PlanFields, now: Date, graceDays: number): Plan {
  return applyOverride(basePlan(org, now, graceDays), org.planOverride);
}

function basePlan(org: PlanFields, now: Date, graceDays: number): Plan {
  const plan = findPlan(org.planId, org.catalogVersion) ?? defaultPlan();
  switch (org.subscriptionStatus) {
    case undefined:
    case 'active':
    case 'trialing':
      return plan;
    case 'past_due': {
      const since = org.pastDueSince ? Date.parse(org.pastDueSince) : now.getTime();
      return now.getTime() - since < graceDays * DAY_MS ? plan : defaultPlan();
    }
    default:
      return defaultPlan();
  }
}

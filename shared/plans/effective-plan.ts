import type { Org } from '../db/orgs';
import { defaultPlan, findPlan, type Plan } from './catalog';

const DAY_MS = 86_400_000;

/**
 * The plan whose limits apply to an org right now: its subscription's plan while the subscription grants access,
 * a past_due one until `graceDays` have passed, and the free default plan otherwise.
 */
export function effectivePlan(org: Pick<Org, 'planId' | 'subscriptionStatus' | 'pastDueSince'>, now: Date, graceDays: number): Plan {
  const plan = findPlan(org.planId) ?? defaultPlan();
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

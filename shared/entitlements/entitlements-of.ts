import { featureIds, metricIds } from '../plans/catalog';
import type { Feature, Metric } from '../plans/catalog-schema';
import type { Plan } from '../plans/catalog';

export interface Entitlements {
  planId: string;
  features: Record<Feature, boolean>;
  limits: Record<Metric, { included: number; capType: 'hard' | 'soft' }>;
  rateLimit: { requestsPerMinute: number };
}

/** What a plan grants: every feature of the catalog (true/false), every metric's allowance, the rate limit. */
export function entitlementsOf(plan: Plan): Entitlements {
  return {
    planId: plan.id,
    features: Object.fromEntries(featureIds.map((f) => [f, plan.features.includes(f)])) as Record<Feature, boolean>,
    limits: Object.fromEntries(metricIds.map((m) => [m, { included: plan.metrics[m].included, capType: plan.metrics[m].capType }])) as Entitlements['limits'],
    rateLimit: { requestsPerMinute: plan.rateLimit.requestsPerMinute },
  };
}

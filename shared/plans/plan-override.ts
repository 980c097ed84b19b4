import { z } from 'zod';
import { featureIds, metricIds } from './catalog';
import type { Plan } from './catalog-schema';

/**
 * An operator's terms for one org on top of its plan (an enterprise deal, CONTRACT §4): allowances, seats, rate limit,
 * features. Stored on the org item (`planOverride`) by `argus orgs override` and applied by effectivePlan(), the one
 * function every surface (quota, entitlements, rate limit, licenses, seats, usage reads) takes an org's plan from.
 * An override applies whatever plan the org is on; `argus orgs override --clear` removes it.
 */
export const planOverrideSchema = z.strictObject({
  /** Seats included; null = unlimited. */
  seats: z.number().int().positive().nullable().optional(),
  rateLimit: z.strictObject({ requestsPerMinute: z.number().int().positive() }).optional(),
  features: z.strictObject({ add: z.array(z.string()), remove: z.array(z.string()) }).optional(),
  metrics: z.record(z.string(), z.strictObject({ included: z.number().nonnegative().optional(), capType: z.enum(['hard', 'soft']).optional() })).optional(),
});
export type PlanOverride = z.infer<typeof planOverrideSchema>;

/** What in an override the loaded catalog does not know (unknown metrics or features), one message each. */
export function overrideProblems(override: PlanOverride): string[] {
  const problems: string[] = [];
  for (const metric of Object.keys(override.metrics ?? {})) if (!metricIds.includes(metric)) problems.push(`unknown metric "${metric}" (known: ${metricIds.join(', ')})`);
  for (const feature of [...(override.features?.add ?? []), ...(override.features?.remove ?? [])]) {
    if (!featureIds.includes(feature)) problems.push(`unknown feature "${feature}" (known: ${featureIds.join(', ')})`);
  }
  return problems;
}

/** True when the override changes nothing (the same as no override). */
export function isEmptyOverride(override: PlanOverride): boolean {
  return (
    override.seats === undefined &&
    override.rateLimit === undefined &&
    !override.features?.add.length &&
    !override.features?.remove.length &&
    Object.keys(override.metrics ?? {}).length === 0
  );
}

/** `plan` with the org's override applied (metrics and features the catalog no longer has are ignored). */
export function applyOverride(plan: Plan, override: PlanOverride | undefined): Plan {
  if (!override) return plan;
  const features = new Set(plan.features);
  for (const f of override.features?.add ?? []) if (featureIds.includes(f)) features.add(f);
  for (const f of override.features?.remove ?? []) features.delete(f);
  const metrics = { ...plan.metrics };
  for (const [metric, change] of Object.entries(override.metrics ?? {})) {
    const base = metrics[metric];
    if (!base) continue;
    metrics[metric] = { ...base, ...(change.included !== undefined ? { included: change.included } : {}), ...(change.capType ? { capType: change.capType } : {}) };
  }
  return {
    ...plan,
    seats: override.seats !== undefined ? override.seats : plan.seats,
    rateLimit: override.rateLimit ?? plan.rateLimit,
    features: featureIds.filter((f) => features.has(f)),
    metrics,
  };
}

export interface OverrideChanges {
  included?: Record<string, number>;
  capType?: Record<string, 'hard' | 'soft'>;
  seats?: number | null;
  requestsPerMinute?: number;
  addFeatures?: string[];
  removeFeatures?: string[];
}

/** `before` with `changes` laid over it (a feature added is no longer removed, and the other way round). */
export function mergeOverride(before: PlanOverride | null, changes: OverrideChanges): PlanOverride {
  const out: PlanOverride = structuredClone(before ?? {});
  if (changes.seats !== undefined) out.seats = changes.seats;
  if (changes.requestsPerMinute !== undefined) out.rateLimit = { requestsPerMinute: changes.requestsPerMinute };
  const metrics = out.metrics ?? {};
  for (const [m, included] of Object.entries(changes.included ?? {})) metrics[m] = { ...metrics[m], included };
  for (const [m, capType] of Object.entries(changes.capType ?? {})) metrics[m] = { ...metrics[m], capType };
  if (Object.keys(metrics).length) out.metrics = metrics;
  if (changes.addFeatures?.length || changes.removeFeatures?.length) {
    const add = new Set(out.features?.add ?? []);
    const remove = new Set(out.features?.remove ?? []);
    for (const f of changes.addFeatures ?? []) (add.add(f), remove.delete(f));
    for (const f of changes.removeFeatures ?? []) (remove.add(f), add.delete(f));
    out.features = { add: [...add], remove: [...remove] };
  }
  return out;
}

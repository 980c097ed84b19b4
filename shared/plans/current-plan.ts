import { z } from 'zod';
import { readConfig } from '../config';
import type { Plan } from './catalog';
import { effectivePlan, type PlanFields } from './effective-plan';

// The stage's grace for past_due subscriptions, read once for every caller.
const { PAST_DUE_GRACE_DAYS } = readConfig({ PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0) });

/** The plan whose features, seats and limits apply to the org right now (past_due keeps it for the stage's grace days). */
export function currentPlan(org: PlanFields, now = new Date()): Plan {
  return effectivePlan(org, now, PAST_DUE_GRACE_DAYS);
}

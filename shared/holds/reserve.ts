import type { Identity } from '../auth/identity';
import { spendAtomically } from '../credits/spend';
import { tableName } from '../db/client';
import { getOrg } from '../db/orgs';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorizeOrgAction } from '../identity/authorize-org';
import { catalog, metricAllowance, type Metric } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';
import { creditBalance } from '../quota/check-quota';
import { readUsed } from '../quota/read-used';
import { placedPeriodAt } from '../usage/org-periods';
import { quantityProblem } from '../usage/quantity-bounds';
import { registerForMetering } from '../usage/metering-index';
import { releaseExpiredHolds } from './expire-holds';
import { scheduleHoldExpiry } from './schedule-expiry';
import { getHold, holdIdFor, holdItem, type Hold } from './hold-items';
import { unitPriceMicros } from '../spend-limit/overage-budget';
import { spendLimitOf } from '../spend-limit/spend-limit';
import { announceLimitReached } from '../spend-limit/limit-reached';

export interface ReserveInput {
  orgId: string;
  metric: Metric;
  quantity: number;
  id: string;
  ttlSeconds?: number;
}

export interface ReserveAnswer {
  reserved: boolean;
  holdId: string | null;
  expiresAt: string | null;
  used: number;
  held: number;
  limit: number;
  remaining: number;
  credits: number;
  /** A soft cap refused the hold: its overage would pass the org's spend limit (CONTRACT §3). */
  reason?: 'spend_limit';
}

export const DEFAULT_HOLD_TTL_SECONDS = 300;

/** The route's entry point: reserving needs what consuming needs (a key with `quota:check`, or an admin's or owner's token). */
export async function reserveAs(identity: Identity, input: ReserveInput, now = new Date()): Promise<ReserveAnswer> {
  await authorizeOrgAction(identity, input.orgId, 'quota.consume');
  return reserve(input, now);
}

/**
 * Reserves `quantity` of the metric in the org's current period (CONTRACT §3 Holds): it counts against the cap at once
 * (`held`), taking credits past the included amount like a consume would (shared/credits/spend.ts); on a hard cap a
 * reserve that neither covers is refused (`reserved: false`, nothing written). Idempotent on `id`: a repeat with the
 * same metric and quantity answers the same hold; with another, 409.
 */
export async function reserve(input: ReserveInput, now = new Date()): Promise<ReserveAnswer> {
  const problem = quantityProblem(input.metric, input.quantity);
  if (problem) throw new ValidationError([{ path: 'body.quantity', message: problem }]);
  const org = await getOrg(input.orgId);
  if (!org) throw new NotFoundError('Org not found');
  const allowance = metricAllowance(currentPlan(org, now), input.metric);
  if (allowance.aggregation === 'max' || allowance.aggregation === 'last') {
    throw new ValidationError([{ path: 'body.metric', message: `${input.metric} is a level (${allowance.aggregation}), not reservable` }]);
  }
  const placed = placedPeriodAt(org, now);
  if (allowance.capType === 'soft') await registerForMetering(org, { start: placed.start, end: placed.end });
  const holdId = holdIdFor(input.orgId, input.id);
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? DEFAULT_HOLD_TTL_SECONDS) * 1000).toISOString();
  const unitMicros = unitPriceMicros(allowance);
  const limit = spendLimitOf(org);
  const base: Omit<Hold, 'spends'> = {
    holdId, orgId: input.orgId, id: input.id, metric: input.metric, quantity: input.quantity, periodStart: placed.start, periodEnd: placed.end,
    hard: allowance.capType === 'hard', provisional: placed.planId === catalog.defaultPlanId, included: allowance.included,
    ...(unitMicros > 0 ? { unitMicros } : {}), expiresAt, status: 'held', createdAt: now.toISOString(),
  };
  const attempt = () =>
    spendAtomically({
      orgId: input.orgId, metric: input.metric, periodStart: placed.start, included: allowance.included, quantity: input.quantity, refuse: base.hard, now,
      items: (plan) => [{ Put: { TableName: tableName, Item: holdItem({ ...base, spends: plan.spends }), ConditionExpression: 'attribute_not_exists(PK)' } }],
      change: (plan) => ({ held: input.quantity, heldCredited: plan.covered, net: input.quantity - plan.covered }),
      ...(unitMicros > 0 ? { overage: { unitMicros, limit } } : {}),
    });
  let result = await attempt();
  const refused = () => result.outcome === 'refused' || result.outcome === 'over_limit';
  if (refused() && (await releaseExpiredHolds(input.orgId, placed.start, input.metric, now)) > 0) result = await attempt();
  if (result.outcome === 'over_limit' && limit) {
    await announceLimitReached(input.orgId, placed.start, limit, now);
    return { ...(await answer(base, false, allowance.included, now)), reason: 'spend_limit' };
  }
  if (result.outcome === 'taken') {
    const existing = await getHold(holdId);
    if (!existing) throw new Error(`hold ${holdId} was taken but cannot be read`);
    if (existing.metric !== input.metric || existing.quantity !== input.quantity) throw new ConflictError(`id "${input.id}" was already used for a hold with a different metric or quantity`);
    // A retry after a reserve whose schedule failed schedules it now (an existing schedule is left as it is).
    if (existing.status === 'held') await scheduleHoldExpiry(existing);
    return answer(existing, true, allowance.included, now);
  }
  if (result.outcome !== 'written') return answer(base, false, allowance.included, now);
  const [, reserved] = await Promise.all([scheduleHoldExpiry(base), answer(base, true, allowance.included, now)]);
  return reserved;
}

async function answer(hold: Omit<Hold, 'spends'>, reserved: boolean, included: number, now: Date): Promise<ReserveAnswer> {
  const [usage, credits] = await Promise.all([readUsed(hold.orgId, hold.periodStart, hold.metric), creditBalance(hold.orgId, hold.metric, now)]);
  return {
    reserved,
    holdId: reserved ? hold.holdId : null,
    expiresAt: reserved ? hold.expiresAt : null,
    used: usage.used,
    held: usage.held,
    limit: included,
    remaining: Math.max(0, included - usage.net) + credits,
    credits,
  };
}

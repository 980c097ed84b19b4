import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { getOrg, type Org } from '../db/orgs';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { logger } from '../logger';
import { catalog, metricAllowance, type Metric, type MetricAllowance } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';
import { authorizeOrg, authorizeOrgAction } from '../identity/authorize-org';
import { placedPeriodAt } from '../usage/org-periods';
import type { BillingPeriod } from '../usage/period';
import { registerForMetering } from '../usage/metering-index';
import { conflictMessage } from '../usage/event-content';
import { quantityProblem } from '../usage/quantity-bounds';
import { checkThresholds } from '../usage/thresholds';
import { fits, quotaAnswer, type QuotaAnswer } from './quota-answer';
import { grantsForSpending, grantsOf } from '../credits/grants';
import { balanceOf } from '../credits/spend-plan';
import { releaseExpiredHolds } from '../holds/expire-holds';
import { readOrgUsage } from './read-org-usage';
import { readUsed } from './read-used';
import { recordConsumption, type Consumption } from './record-consumption';
import { spendLimitOf } from '../spend-limit/spend-limit';
import { overageMicros, passesLimit, unitPriceMicros } from '../spend-limit/overage-budget';
import { readOverageSpend } from '../spend-limit/overage-spend';
import { announceLimitReached } from '../spend-limit/limit-reached';

export interface QuotaCheck {
  orgId: string;
  metric: Metric;
  quantity: number;
  consume?: boolean;
  /** Idempotency key of a consume (a usage event id). Without one a fresh id is used: then a retry counts again. */
  id?: string;
}

/**
 * The route's entry point: the caller must be allowed on `input.orgId` (a member's token: member, else 404; an org
 * key: its own org, else 403; the service key: any org). A consume records usage, so it needs what `quota.consume`
 * needs: a key with `quota:check` or an admin's or owner's token (a member's → 403).
 */
export async function checkQuotaAs(identity: Identity, input: QuotaCheck, now = new Date()): Promise<QuotaAnswer> {
  if (input.consume) {
    await authorizeOrgAction(identity, input.orgId, 'quota.consume');
    return checkQuota(input, now);
  }
  // A read writes nothing, so it runs beside the membership read; its answer is returned only once that allowed it.
  const [access, answer] = await Promise.allSettled([authorizeOrg(identity, input.orgId), checkQuota(input, now)]);
  if (access.status === 'rejected') throw access.reason;
  if (answer.status === 'rejected') throw answer.reason;
  return answer.value;
}

/**
 * Answers whether `quantity` more of `metric` fits the org's effective plan this billing period, and with `consume`
 * records it atomically as usage (see recordConsumption). A retried consume with the same id, metric and quantity
 * answers like the first (allowed, current values) with `duplicate: true`, without counting again; the id reused with
 * another metric or quantity is a 409 `conflict`.
 */
export async function checkQuota(input: QuotaCheck, now = new Date()): Promise<QuotaAnswer> {
  const problem = quantityProblem(input.metric, input.quantity);
  if (problem) throw new ValidationError([{ path: 'body.quantity', message: problem }]);
  if (input.consume) {
    const org = await getOrg(input.orgId);
    if (!org) throw new NotFoundError('Org not found');
    const { planId, start, end } = placedPeriodAt(org, now);
    return consume(input, allowanceOf(org, input.metric, now), { start, end }, now, planId === catalog.defaultPlanId, org);
  }
  const [state, balance] = await Promise.all([readOrgUsage(input.orgId, input.metric, now), creditBalance(input.orgId, input.metric, now)]);
  if (!state) throw new NotFoundError('Org not found');
  const allowance = allowanceOf(state.org, input.metric, now);
  // Holds past their expiry still count until released: an answer releases them first (their credits come back too).
  const released = state.held > 0 ? await releaseExpiredHolds(input.orgId, state.period.start, input.metric, now) : 0;
  const [usage, credits] = released > 0 ? await Promise.all([readUsed(input.orgId, state.period.start, input.metric), creditBalance(input.orgId, input.metric, now)]) : [state, balance];
  const answer = quotaAnswer(fits(usage, input.quantity, allowance, credits), usage, allowance, credits, state.period.end);
  const limit = spendLimitOf(state.org);
  const unitMicros = unitPriceMicros(allowance);
  if (answer.allowed && limit && unitMicros > 0) {
    // What the quantity would add to the period's billed overage: past the included room and the credits.
    const uncovered = Math.max(0, input.quantity - Math.max(0, allowance.included - usage.net) - credits);
    if (uncovered > 0 && passesLimit(await readOverageSpend(input.orgId, state.period.start), overageMicros(uncovered, unitMicros), limit)) {
      return { ...answer, allowed: false, reason: 'spend_limit' };
    }
  }
  return answer;
}

/** The org's spendable credits for one metric at `now`. */
export async function creditBalance(orgId: string, metric: string, now: Date, remembered = false): Promise<number> {
  return balanceOf(remembered ? await grantsForSpending(orgId, metric) : await grantsOf(orgId, metric), now.getTime());
}

function allowanceOf(org: Org, metric: Metric, now: Date): MetricAllowance {
  return metricAllowance(currentPlan(org, now), metric);
}

async function consume(input: QuotaCheck, allowance: MetricAllowance, period: BillingPeriod, now: Date, provisional: boolean, org: Org): Promise<QuotaAnswer> {
  if (allowance.aggregation === 'max' || allowance.aggregation === 'last') {
    throw new ValidationError([{ path: 'body.consume', message: `${input.metric} is a level (${allowance.aggregation}), not consumable; report it as a usage event` }]);
  }
  // Soft caps bill overage: the meter sink finds the period through this index (written first, so a crash after
  // recording cannot leave billed usage unindexed; cached per container).
  if (allowance.capType === 'soft') await registerForMetering(org, period);
  const consumption: Consumption = {
    orgId: input.orgId, metric: input.metric, quantity: input.quantity, eventId: input.id ?? `qc_${randomUUID()}`, period, at: now,
    included: allowance.included, hard: allowance.capType === 'hard', provisional,
  };
  const unitMicros = unitPriceMicros(allowance);
  const limit = spendLimitOf(org);
  if (unitMicros > 0) consumption.overage = { unitMicros, limit };
  let outcome = await recordConsumption(consumption);
  // Holds past their expiry still count until released: release them and try once more.
  const refused = (o: typeof outcome) => o === 'over_cap' || o === 'spend_limit';
  if (refused(outcome) && (await releaseExpiredHolds(input.orgId, period.start, input.metric, now)) > 0) outcome = await recordConsumption(consumption);
  if (outcome === 'spend_limit' && limit) await announceLimitReached(input.orgId, period.start, limit, now);
  if (outcome === 'conflict') throw new ConflictError(conflictMessage(consumption.eventId));
  // The balance after a consume from this container's remembered grants (its own spend applied): fresh reads are the check route's.
  const [usage, credits] = await Promise.all([readUsed(input.orgId, period.start, input.metric), creditBalance(input.orgId, input.metric, now, true)]);
  if (!refused(outcome)) await alertThresholds(input, period, usage.used, allowance.included);
  const answer = quotaAnswer(!refused(outcome), usage, allowance, credits, period.end);
  if (outcome === 'spend_limit') return { ...answer, reason: 'spend_limit' };
  return outcome === 'duplicate' ? { ...answer, duplicate: true } : answer;
}

/**
 * Consumed quantities are ordinary usage, so they raise usage.threshold_crossed like ingested events. Also run for a
 * retried consume, so a retry completes alerts a failed first attempt left behind. A failure here does not undo or
 * fail the consume: the next write to the metric (either path) checks the thresholds again.
 */
async function alertThresholds(input: QuotaCheck, period: BillingPeriod, used: number, included: number): Promise<void> {
  try {
    await checkThresholds({ orgId: input.orgId, metric: input.metric, periodStart: period.start, used, included });
  } catch (error) {
    logger.error('threshold check after consume failed', { error: error as Error, orgId: input.orgId, metric: input.metric });
  }
}

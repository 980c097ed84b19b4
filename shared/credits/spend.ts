import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../db/client';
import { cancellationCodes } from '../db/transactions';
import { grantsForSpending, noteSpent } from './grants';
import { counterUpdate, grantSpendUpdate, readCounterState, type CounterChange } from './spend-items';
import { planSpend, type SpendPlan } from './spend-plan';
import { overageMicros, passesLimit } from '../spend-limit/overage-budget';
import { overageSpendUpdate, readOverageSpend } from '../spend-limit/overage-spend';
import type { Money } from '../usage/pricing';

export interface SpendRequest {
  orgId: string;
  metric: string;
  periodStart: string;
  included: number;
  quantity: number;
  /** Hard-cap consumes and holds: refuse what neither the included amount nor credits cover (nothing is written). */
  refuse: boolean;
  now: Date;
  /**
   * The items recorded with the spend; the FIRST is the idempotency item (a usage event's dedupe record, a hold): when
   * its condition fails the id was used before and nothing is written.
   */
  items: (plan: SpendPlan) => Record<string, unknown>[];
  /** What the plan does to the counter. */
  change: (plan: SpendPlan) => CounterChange;
  /** Other ADDs on the counter (llm amounts). */
  extraAdds?: Record<string, number>;
  /**
   * Soft caps with an overage price: what the uncovered part adds to the period's billed overage
   * (shared/spend-limit), written in the same transaction; with `limit`, refused (`over_limit`, nothing written) when
   * it would pass it. Reported usage and the part of a commit past its hold pass `limit: null`: they record what was done.
   */
  overage?: { unitMicros: number; limit: Money | null };
}

export type SpendOutcome =
  | { outcome: 'written'; plan: SpendPlan }
  | { outcome: 'taken' }
  | { outcome: 'refused'; plan: SpendPlan }
  | { outcome: 'over_limit'; plan: SpendPlan };

/** Transient cancellations (TransactionConflict on a hot counter or grant, throttling) retried this often. */
const MAX_CONFLICTS = 12;
/** Plans whose conditions stopped holding (another writer moved the counter or a grant first) made again this often. */
const MAX_REPLANS = 40;

/** The counter's `net` as this container last read it, per (org, metric, period): only a hint for skipping a blind write. */
const lastNet = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

function remember(key: string, net: number): void {
  if (lastNet.size >= MAX_REMEMBERED) lastNet.clear();
  lastNet.set(key, net);
}

/**
 * Writes `quantity` against the counter and the org's grants in ONE TransactWriteItems with the request's items: the
 * plan (spend-plan.ts) is made from a strongly consistent read of the counter and grants and written with conditions
 * that keep it true (spend-items.ts), so the included amount and every credit are used at most once whatever the
 * concurrency. Within the included amount no read is needed: the first attempt writes `net <= included - quantity`
 * blind, and only a refused condition makes it read and plan.
 */
export async function spendAtomically(req: SpendRequest): Promise<SpendOutcome> {
  const nowMs = req.now.getTime();
  const hintKey = `${req.orgId}|${req.metric}|${req.periodStart}`;
  // Blind only while this container last saw room for it: past the included amount a blind write always fails.
  const blind = req.quantity <= req.included && (lastNet.get(hintKey) ?? 0) + req.quantity <= req.included;
  let plan: SpendPlan | undefined = blind ? { fromIncluded: req.quantity, spends: [], covered: 0, uncovered: 0, condition: { kind: 'within', bound: req.included - req.quantity } } : undefined;
  let conflicts = 0;
  for (let replans = 0; ; ) {
    if (!plan) {
      // The first plan may use this container's recent read of the grants; a plan that failed reads them fresh.
      const limited = req.overage?.limit ? req.overage : undefined;
      const [state, grants, spent] = await Promise.all([
        readCounterState(req.orgId, req.periodStart, req.metric),
        grantsForSpending(req.orgId, req.metric, replans === 0 ? undefined : 0),
        limited ? readOverageSpend(req.orgId, req.periodStart) : 0,
      ]);
      remember(hintKey, state.net);
      plan = planSpend(state, req.included, req.quantity, grants, nowMs);
      // Past the spend limit already: refused without a write that could only fail (on a fresh read, as below).
      const overLimit = limited !== undefined && passesLimit(spent, overageMicros(plan.uncovered, limited.unitMicros), limited.limit);
      if (overLimit) {
        if (replans === 0) {
          replans++;
          plan = undefined;
          continue;
        }
        return { outcome: 'over_limit', plan };
      }
      if (req.refuse && plan.uncovered > 0) {
        // Refuse only on a fresh read: remembered grants may miss credits given back or granted elsewhere.
        if (replans === 0) {
          replans++;
          plan = undefined;
          continue;
        }
        return { outcome: 'refused', plan };
      }
    }
    const own = req.items(plan);
    const overage = req.overage ? overageSpendUpdate(req.orgId, req.periodStart, overageMicros(plan.uncovered, req.overage.unitMicros), req.overage.limit) : undefined;
    const items = [
      ...own,
      counterUpdate(req.orgId, req.periodStart, req.metric, req.change(plan), plan.condition, req.extraAdds),
      ...plan.spends.map((s) => grantSpendUpdate(req.orgId, s, nowMs)),
      ...(overage ? [overage] : []),
    ];
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: items as never }));
      noteSpent(req.orgId, req.metric, plan.spends);
      return { outcome: 'written', plan };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') return { outcome: 'taken' };
      const counterAt = own.length;
      const spendAt = overage ? items.length - 1 : -1;
      const stale = codes.some((code, i) => code === 'ConditionalCheckFailed' && i >= counterAt && i !== spendAt);
      if (!stale && spendAt >= 0 && codes[spendAt] === 'ConditionalCheckFailed') {
        // Past the spend limit. Refuse only on a fresh read: remembered grants may miss credits that would cover it.
        if (replans > 0) return { outcome: 'over_limit', plan };
        replans++;
        plan = undefined;
        continue;
      }
      if (stale) {
        if (++replans > MAX_REPLANS) throw error;
        plan = undefined;
        if (replans > 3) await backoff(replans - 3);
        continue;
      }
      if (++conflicts > MAX_CONFLICTS) throw error;
      await backoff(conflicts);
    }
  }
}

function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(250, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

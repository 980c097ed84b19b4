import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../db/client';
import { cancellationCodes } from '../db/transactions';
import { chunkForTransactions, MAX_TRANSACTION_ITEMS, type PlacedEvent, type UsageGroup } from './group-events';
import { priorUse, readDedupeRecords } from './event-content';
import { settledKey, usageTransaction } from './transaction-items';
import { HistoryChangedError } from './usage-placement';
import { grantsOf, noteSpent } from '../credits/grants';
import { readCounterState } from '../credits/spend-items';
import { planSpend, type SpendPlan } from '../credits/spend-plan';
import { defaultPlan, findPlan } from '../plans/catalog';
import { unitPriceMicros } from '../spend-limit/overage-budget';

export interface GroupWriteResult {
  counted: number;
  duplicates: number;
  /** Events whose id was already counted with another metric or quantity: not counted, to be refused as `conflict`. */
  conflicts: PlacedEvent[];
  transactions: number;
  /** Items of the committed transactions. Each is < 1 KB, so AWS bills 2 WCU apiece (transactional writes cost double). */
  itemsWritten: number;
}

export interface WriteHooks {
  /** Test seam: runs before every TransactWriteItems call (fault injection for crash-and-redeliver tests). */
  beforeTransaction?: () => void | Promise<void>;
}

/** Conflicts with concurrent writers of the same counter are retried this often before the group fails (and its messages are redelivered). */
const MAX_CONFLICT_RETRIES = 8;

/**
 * Writes one (org, metric, period) group exactly once per event id: chunks of ≤ 100 items, each one
 * TransactWriteItems. A cancelled transaction names, per item, why: a ConditionalCheckFailed dedupe put is an id
 * counted before (by any path) and is dropped — a duplicate, or a conflict when its metric or quantity differ; a failed max/last condition means the stored value already
 * wins and the item is settled; then the rest is retried. Any other cancellation (TransactionConflict, throttling) is
 * retried with jittered backoff; whatever remains throws, and the caller's messages are redelivered — safe, because
 * a redelivered event finds its dedupe record.
 */
export async function writeUsageGroup(group: UsageGroup, now: Date, hooks: WriteHooks = {}): Promise<GroupWriteResult> {
  const result: GroupWriteResult = { counted: 0, duplicates: 0, conflicts: [], transactions: 0, itemsWritten: 0 };
  const alreadyUsed: PlacedEvent[] = [];
  // A soft-capped, priced metric's transaction may carry one more item: the period's overage spend (shared/spend-limit).
  const room = MAX_TRANSACTION_ITEMS - (unitMicrosOf(group) > 0 ? 1 : 0);
  for (const chunk of chunkForTransactions(group.events, room, !!group.provisional)) {
    const r = await writeChunk(group, chunk, now, hooks);
    result.counted += r.counted;
    result.transactions += r.transactions;
    result.itemsWritten += r.itemsWritten;
    alreadyUsed.push(...r.alreadyUsed);
  }
  // Ids that were counted before: a retry of the same content, or the id reused for something else.
  if (alreadyUsed.length) {
    const records = await readDedupeRecords(group.orgId, alreadyUsed.map((e) => e.id));
    for (const e of alreadyUsed) {
      if (priorUse(records.get(e.id), e, now) === 'conflict') result.conflicts.push(e);
      else result.duplicates++;
    }
  }
  return result;
}

interface ChunkResult {
  counted: number;
  alreadyUsed: PlacedEvent[];
  transactions: number;
  itemsWritten: number;
}

async function writeChunk(group: UsageGroup, events: PlacedEvent[], now: Date, hooks: WriteHooks): Promise<ChunkResult> {
  let pending = events;
  const settled = new Set<string>();
  let transactions = 0;
  let conflicts = 0;
  let replans = 0;
  // sum/count groups pay through the credits mechanism (shared/credits): the plan of the pending quantity, made blind
  // within the included amount and from a read otherwise; it is made again whenever the pending events change.
  const spending = group.aggregation === 'sum' || group.aggregation === 'count';
  const included = spending ? includedFor(group) : 0;
  const unitMicros = spending ? unitMicrosOf(group) : 0;
  let plan: SpendPlan | undefined;
  let planned = -1;
  while (pending.length) {
    if (spending) {
      const quantity = pending.reduce((s, e) => s + e.quantity, 0);
      if (!plan || planned !== quantity) plan = await planGroup(group, quantity, included, now, replans === 0 && !plan);
      planned = quantity;
    }
    const tx = usageTransaction(group, pending, settled, now, plan, unitMicros);
    try {
      await hooks.beforeTransaction?.();
      transactions++;
      await ddb.send(new TransactWriteCommand({ TransactItems: tx.items as never }));
      if (plan) noteSpent(group.orgId, group.metric, plan.spends);
      return { counted: pending.length, alreadyUsed: events.filter((e) => !pending.includes(e)), transactions, itemsWritten: tx.items.length };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes.some((code, i) => code === 'ConditionalCheckFailed' && tx.roles[i].kind === 'history')) throw new HistoryChangedError(group.orgId);
      const duplicates = new Set<string>();
      let stalePlan = false;
      codes.forEach((code, i) => {
        if (code !== 'ConditionalCheckFailed') return;
        const role = tx.roles[i];
        if (role.kind === 'dedupe') duplicates.add(role.eventId);
        else if (spending && (role.kind === 'counter' || role.kind === 'grant')) stalePlan = true;
        else settled.add(settledKey(role));
      });
      if (stalePlan) {
        // Another writer moved the counter or a grant first: plan again from a fresh read.
        if (++replans > MAX_REPLANS) throw error;
        plan = undefined;
        planned = -1;
      }
      const progressed = duplicates.size > 0 || stalePlan || codes.some((c, i) => c === 'ConditionalCheckFailed' && tx.roles[i].kind !== 'dedupe');
      if (!progressed) {
        if (++conflicts > MAX_CONFLICT_RETRIES) throw error;
        await backoff(conflicts);
      }
      pending = pending.filter((e) => !duplicates.has(e.id));
    }
  }
  return { counted: 0, alreadyUsed: events, transactions, itemsWritten: 0 };
}

/** Plans that stopped holding are made again this often before the group fails (and its messages are redelivered). */
const MAX_REPLANS = 20;

/** Micro-cents a unit of overage of the group's metric costs on the plan in force (0: nothing billed). */
function unitMicrosOf(group: UsageGroup): number {
  return unitPriceMicros((findPlan(group.planId) ?? defaultPlan()).metrics[group.metric]);
}

/** The included amount of the plan in force for the group's period. */
function includedFor(group: UsageGroup): number {
  return (findPlan(group.planId) ?? defaultPlan()).metrics[group.metric].included;
}

/**
 * The group's plan: blind (`net <= included - quantity`) on a first try that fits the included amount, else from a
 * strongly consistent read of the counter and the org's grants. Reported usage is never refused: what neither covers
 * is overage.
 */
async function planGroup(group: UsageGroup, quantity: number, included: number, now: Date, blind: boolean): Promise<SpendPlan> {
  if (blind && quantity <= included) return { fromIncluded: quantity, spends: [], covered: 0, uncovered: 0, condition: { kind: 'within', bound: included - quantity } };
  const [state, grants] = await Promise.all([readCounterState(group.orgId, group.period.start, group.metric), grantsOf(group.orgId, group.metric)]);
  return planSpend(state, included, quantity, grants, now.getTime());
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** attempt)));
}

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../auth/identity';
import { spendAtomically } from '../credits/spend';
import { counterUpdate, grantRefundUpdate, readCounterState } from '../credits/spend-items';
import { holdRefunds, type CounterCondition } from '../credits/spend-plan';
import { overageChangeMicros } from '../spend-limit/overage-budget';
import { overageSpendUpdate } from '../spend-limit/overage-spend';
import { noteSpent } from '../credits/grants';
import { ddb, tableName } from '../db/client';
import { cancellationCodes } from '../db/transactions';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorizeOrgAction } from '../identity/authorize-org';
import type { Metric } from '../plans/catalog';
import { creditBalance } from '../quota/check-quota';
import { readUsed } from '../quota/read-used';
import { ownItems, priorUseOf } from '../quota/record-consumption';
import { quantityProblem } from '../usage/quantity-bounds';
import { getHold, holdKeys, type Hold } from './hold-items';

export interface CommitAnswer {
  committed: number;
  used: number;
  remaining: number;
  exceeded: boolean;
}

/** The hold if the caller may settle it (what reserving needs, on the hold's org); else 404, as if it did not exist. */
async function authorizedHold(identity: Identity, holdId: string): Promise<Hold> {
  const hold = await getHold(holdId);
  if (!hold) throw new NotFoundError('Hold not found');
  await authorizeOrgAction(identity, hold.orgId, 'quota.consume');
  return hold;
}

export async function commitAs(identity: Identity, holdId: string, quantity: number, now = new Date()): Promise<CommitAnswer> {
  return commitHold(await authorizedHold(identity, holdId), quantity, now);
}

export async function releaseAs(identity: Identity, holdId: string, now = new Date()): Promise<void> {
  await releaseHold(await authorizedHold(identity, holdId), now);
}

/**
 * Records `quantity` as usage under the hold's id, exactly once, and frees the rest of the hold (its unused credits
 * go back to their grants). A quantity above the hold is recorded too (the work was done): the excess is planned like
 * reported usage (included, then credits, then overage) and answers `exceeded` when it passes a hard cap. A repeat of
 * the same commit answers the same; a different quantity, or a released or expired hold, is a 409.
 */
export async function commitHold(hold: Hold, quantity: number, now = new Date()): Promise<CommitAnswer> {
  const problem = quantityProblem(hold.metric as Metric, quantity);
  if (problem) throw new ValidationError([{ path: 'body.quantity', message: problem }]);
  if (hold.status === 'held' && Date.parse(hold.expiresAt) <= now.getTime()) {
    await releaseHold(hold, now, 'expired');
    throw new ConflictError(`Hold ${hold.holdId} expired at ${hold.expiresAt} and was released`);
  }
  if (hold.status !== 'held') return repeatedCommit(hold, quantity, now);
  const event = { orgId: hold.orgId, metric: hold.metric, quantity, eventId: hold.id, period: { start: hold.periodStart, end: hold.periodEnd }, at: now, provisional: hold.provisional };
  const pulled = hold.spends.reduce((s, x) => s + x.amount, 0);
  const closing = closeHold(hold, 'committed', quantity);
  let exceeded = false;
  try {
    if (quantity <= hold.quantity) {
      const { keptCredits, refunds } = holdRefunds(hold.quantity, hold.spends, quantity);
      const change = { used: quantity, held: -hold.quantity, credited: keptCredits, heldCredited: -pulled, net: quantity - hold.quantity - keptCredits + pulled, events: 1 };
      const own = [closing, ...ownItems(event, 'hold')];
      await withOverageMove(hold, change.net, own.length, (move) => [...own, counterUpdate(hold.orgId, hold.periodStart, hold.metric, change, move.condition), ...refunds.map((r) => grantRefundUpdate(hold.orgId, r)), ...move.items]);
      noteSpent(hold.orgId, hold.metric, refunds.map((r) => ({ grantId: r.grantId, amount: -r.amount })));
    } else {
      const extra = quantity - hold.quantity;
      const result = await spendAtomically({
        orgId: hold.orgId, metric: hold.metric, periodStart: hold.periodStart, included: hold.included, quantity: extra, refuse: false, now,
        items: () => [closing, ...ownItems(event, 'hold')],
        change: (plan) => ({ used: quantity, held: -hold.quantity, credited: pulled + plan.covered, heldCredited: -pulled, net: extra - plan.covered, events: 1 }),
        // The work was done: its overage past the hold is recorded whatever the spend limit says.
        ...(hold.unitMicros ? { overage: { unitMicros: hold.unitMicros, limit: null } } : {}),
      });
      if (result.outcome !== 'written') return repeatedCommit((await getHold(hold.holdId)) ?? hold, quantity, now);
      exceeded = hold.hard && result.plan.uncovered > 0;
    }
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return repeatedCommit((await getHold(hold.holdId)) ?? hold, quantity, now);
    // The hold's id was already counted as a usage event by another path: nothing is written, the hold stays.
    if (codes[1] === 'ConditionalCheckFailed' && (await priorUseOf({ ...event })) !== 'absent') throw new ConflictError(`id "${hold.id}" was already recorded as a usage event`);
    throw error;
  }
  return { committed: quantity, ...(await standing(hold, now)), exceeded };
}

/** Gives the hold's whole quantity back (its credits to their grants). A repeat is a no-op; a committed hold is a 409. */
export async function releaseHold(hold: Hold, now = new Date(), reason: 'released' | 'expired' = 'released'): Promise<void> {
  if (hold.status === 'released') return;
  if (hold.status === 'committed') throw new ConflictError(`Hold ${hold.holdId} was already committed`);
  const pulled = hold.spends.reduce((s, x) => s + x.amount, 0);
  const change = { held: -hold.quantity, heldCredited: -pulled, net: pulled - hold.quantity };
  try {
    const closing = closeHold(hold, 'released', undefined, reason, now);
    await withOverageMove(hold, change.net, 1, (move) => [closing, counterUpdate(hold.orgId, hold.periodStart, hold.metric, change, move.condition), ...hold.spends.map((s) => grantRefundUpdate(hold.orgId, s)), ...move.items]);
    noteSpent(hold.orgId, hold.metric, hold.spends.map((s) => ({ grantId: s.grantId, amount: -s.amount })));
  } catch (error) {
    if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    const current = await getHold(hold.holdId);
    if (current?.status === 'committed') throw new ConflictError(`Hold ${hold.holdId} was already committed`);
  }
}

interface OverageMove {
  condition?: CounterCondition;
  items: Record<string, unknown>[];
}

/**
 * Writes a transaction that lowers the counter's `net` by a hold given back (a release, a commit of less) together with
 * the exact change of the period's billed overage (shared/spend-limit): from a read of the counter, conditioned so the
 * read still holds (`net <= included`: no overage before, none after; else the exact `net`), read again when another
 * writer moved it first. Holds of metrics without an overage price write blind, as before.
 */
async function withOverageMove(hold: Hold, netDelta: number, counterAt: number, build: (move: OverageMove) => Record<string, unknown>[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let move: OverageMove = { items: [] };
    if (hold.unitMicros && netDelta !== 0) {
      const state = await readCounterState(hold.orgId, hold.periodStart, hold.metric);
      const micros = overageChangeMicros(state.net, netDelta, hold.included, hold.unitMicros);
      const item = overageSpendUpdate(hold.orgId, hold.periodStart, micros);
      move = { condition: state.net <= hold.included ? { kind: 'within', bound: hold.included } : { kind: 'exact', net: state.net }, items: item ? [item] : [] };
    }
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: build(move) as never }));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      const moved = move.condition && codes?.[counterAt] === 'ConditionalCheckFailed' && codes.slice(0, counterAt).every((c) => c !== 'ConditionalCheckFailed');
      if (!moved || attempt >= MAX_MOVES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}
const MAX_MOVES = 20;

/** The hold's update that closes it, only while it is still open: this is what makes commit and release happen once. */
function closeHold(hold: Hold, status: 'committed' | 'released', committed?: number, reason?: string, now?: Date) {
  return {
    Update: {
      TableName: tableName,
      Key: holdKeys.key(hold.holdId),
      UpdateExpression: `SET #status = :status${committed !== undefined ? ', committed = :committed' : ''}${reason ? ', releaseReason = :reason, releasedAt = :at' : ''} REMOVE GSI1PK, GSI1SK`,
      ConditionExpression: '#status = :held',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ':held': 'held',
        ...(committed !== undefined ? { ':committed': committed } : {}),
        ...(reason ? { ':reason': reason, ':at': (now ?? new Date()).toISOString() } : {}),
      },
    },
  };
}

async function repeatedCommit(hold: Hold, quantity: number, now: Date): Promise<CommitAnswer> {
  if (hold.status === 'committed' && hold.committed === quantity) {
    return { committed: quantity, ...(await standing(hold, now)), exceeded: false };
  }
  throw new ConflictError(hold.status === 'committed' ? `Hold ${hold.holdId} was already committed with another quantity` : `Hold ${hold.holdId} was released`);
}

async function standing(hold: Hold, now: Date): Promise<{ used: number; remaining: number }> {
  const [usage, credits] = await Promise.all([readUsed(hold.orgId, hold.periodStart, hold.metric), creditBalance(hold.orgId, hold.metric, now)]);
  return { used: usage.used, remaining: Math.max(0, hold.included - usage.net) + credits };
}

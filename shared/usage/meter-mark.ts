import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';

/** How a claimed level reaches Stripe: a meter event (open period), or an invoice item (its invoice is final). */
export type SendVia = 'meter' | 'late' | 'final';

/**
 * The watermark of one (org, period, metric): `reported` is what Stripe bills (meter events and late items), `metered`
 * the part that went through the meter (what its event summaries show), `pending` a claimed send in flight with its
 * identifier, channel and claim time. `rejectedUnits`/`lastRejection` keep what Stripe refused for good.
 */
export interface Mark {
  key: Record<string, string>;
  reported: number;
  metered: number;
  seq: number;
  pending?: number;
  pendingId?: string;
  pendingVia?: SendVia;
  pendingAt?: string;
  lastRejection?: { reason: string; code?: string; status?: number; value: number; at: string };
}

export interface Rejection {
  reason: string;
  code?: string;
  status?: number;
}

export async function readMark(key: Record<string, string>): Promise<Mark> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  const reported = Number(Item?.reported ?? 0);
  return {
    key,
    reported,
    // Marks written before `metered` existed sent everything through the meter.
    metered: Item?.metered === undefined ? reported : Number(Item.metered),
    seq: Number(Item?.seq ?? 0),
    pending: Item?.pending === undefined ? undefined : Number(Item.pending),
    pendingId: Item?.pendingId as string | undefined,
    pendingVia: Item?.pendingVia as SendVia | undefined,
    pendingAt: Item?.pendingAt as string | undefined,
    lastRejection: Item?.lastRejection as Mark['lastRejection'],
  };
}

/** Runs a conditional write; false when the condition failed (another run moved the mark first). */
async function conditional(update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
  try {
    await ddb.send(new UpdateCommand({ TableName: tableName, ...update }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Claims `level` as the next send, conditional on the watermark it was computed from, so two runs never claim two
 * sends. The identifier is fixed here and stored: a resend after a crash reuses exactly it.
 */
export async function claimSend(mark: Mark, level: number, via: SendVia, identifier: (seq: number) => string, now: Date): Promise<Mark | undefined> {
  const seq = mark.seq + 1;
  const pendingId = identifier(seq);
  const claimed = await conditional({
    Key: mark.key,
    UpdateExpression: 'SET pending = :p, pendingId = :id, pendingVia = :via, pendingAt = :at, seq = :seq, reported = if_not_exists(reported, :zero)',
    ConditionExpression: 'attribute_not_exists(pending) AND (attribute_not_exists(reported) OR reported = :reported) AND (attribute_not_exists(seq) OR seq = :prevSeq)',
    ExpressionAttributeValues: { ':p': level, ':id': pendingId, ':via': via, ':at': now.toISOString(), ':seq': seq, ':zero': 0, ':reported': mark.reported, ':prevSeq': mark.seq },
  });
  return claimed ? { ...mark, seq, pending: level, pendingId, pendingVia: via, pendingAt: now.toISOString() } : undefined;
}

/** Gives a pending send a fresh identifier (its first never reached Stripe, and the old one's dedupe window is over). */
export async function renameSend(mark: Mark, identifier: (seq: number) => string, now: Date): Promise<Mark | undefined> {
  const seq = mark.seq + 1;
  const pendingId = identifier(seq);
  const renamed = await conditional({
    Key: mark.key,
    UpdateExpression: 'SET pendingId = :id, pendingAt = :at, seq = :seq',
    ConditionExpression: 'pending = :p AND (attribute_not_exists(seq) OR seq = :prevSeq)',
    ExpressionAttributeValues: { ':id': pendingId, ':at': now.toISOString(), ':seq': seq, ':p': mark.pending, ':prevSeq': mark.seq },
  });
  return renamed ? { ...mark, seq, pendingId, pendingAt: now.toISOString() } : undefined;
}

/** Stripe has the pending send: it becomes `reported` (and `metered`, when it went through the meter). */
export async function commitSend(mark: Mark, metered: number): Promise<boolean> {
  return conditional({
    Key: mark.key,
    UpdateExpression: 'SET reported = :p, metered = :m REMOVE pending, pendingId, pendingVia, pendingAt',
    ConditionExpression: 'pending = :p',
    ExpressionAttributeValues: { ':p': mark.pending, ':m': metered },
  });
}

/**
 * Stripe refused the send for good (a 4xx that no retry changes): it is recorded with its reason and passed over, so
 * the watermark moves on instead of resending it forever. The refused units stay countable in `rejectedUnits`.
 */
export async function rejectSend(mark: Mark, value: number, rejection: Rejection, now: Date): Promise<boolean> {
  return conditional({
    Key: mark.key,
    UpdateExpression: 'SET reported = :p, lastRejection = :r, rejectedUnits = if_not_exists(rejectedUnits, :zero) + :v REMOVE pending, pendingId, pendingVia, pendingAt',
    ConditionExpression: 'pending = :p',
    ExpressionAttributeValues: { ':p': mark.pending, ':v': value, ':zero': 0, ':r': { ...stripUndefined(rejection), value, at: now.toISOString() } },
  });
}

/** Drops a pending level that is not a whole number (written by an older build): Stripe refused it, nothing was billed. */
export async function dropPending(mark: Mark): Promise<boolean> {
  return conditional({
    Key: mark.key,
    UpdateExpression: 'REMOVE pending, pendingId, pendingVia, pendingAt',
    ConditionExpression: 'pending = :p',
    ExpressionAttributeValues: { ':p': mark.pending },
  });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

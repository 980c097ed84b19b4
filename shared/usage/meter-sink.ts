import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MeterSinkMessage } from '../../events/meter-sink';
import { stripeClient } from '../clients/stripe';
import { ddb, tableName } from '../db/client';
import { emptySummary, reportPeriod, type SinkSummary } from './meter-report';
import { meteringEntries, type MeteringEntry } from './metering-index';
import { sendMessages } from './queue-send';

export type { SinkSummary } from './meter-report';

/** Periods whose usage can still change: starting this month or the two before (a period lasts a month, late events 35 days). */
const MONTHS_BACK = 3;
/** Late events reach a period for 35 days after it ends; an entry older than that (plus a day) has nothing left to send. */
const LAST_CHANGE_MS = 36 * 86_400_000;

/**
 * Every registered (org, period) whose usage can still change, oldest period first (so a backlog bills the periods
 * whose invoices close first), in a stable order that a saved position can resume.
 */
export async function meteredPeriods(now: Date): Promise<MeteringEntry[]> {
  const months = Array.from({ length: MONTHS_BACK }, (_, back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS_BACK - 1 - back), 1)).toISOString().slice(0, 7));
  const entries = (await Promise.all(months.map(meteringEntries))).flat();
  return entries.filter((e) => Date.parse(e.period.end) >= now.getTime() - LAST_CHANGE_MS).sort((a, b) => entryKey(a).localeCompare(entryKey(b)));
}

const entryKey = (e: MeteringEntry) => `${e.period.start}#${e.orgId}`;

/**
 * Reports every metered period in this process, `concurrency` (org, period)s at a time. The schedule fans out through
 * the queue instead (enqueueMeteredPeriods); this serves tests, the bench's comparison and an operator's manual run.
 * One org's failure never blocks the others: it is counted in `failed` and retried on the next run.
 */
export async function runMeterSink(now = new Date(), concurrency = 8): Promise<SinkSummary> {
  const summary = emptySummary();
  const stripe = await stripeClient();
  const entries = await meteredPeriods(now);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, entries.length) }, async () => {
      while (next < entries.length) await reportPeriod(stripe, entries[next++], now, summary);
    }),
  );
  return summary;
}

/** The fan-out consumer: one (org, period) per message. */
export async function reportMeteredPeriod(message: MeterSinkMessage, now = new Date()): Promise<SinkSummary> {
  const summary = emptySummary();
  const entry: MeteringEntry = { orgId: message.orgId, period: { start: message.periodStart, end: message.periodEnd }, planId: message.planId, stripeCustomerId: message.stripeCustomerId };
  await reportPeriod(await stripeClient(), entry, now, summary);
  return summary;
}

export const toMessage = (e: MeteringEntry): MeterSinkMessage => ({
  orgId: e.orgId,
  periodStart: e.period.start,
  periodEnd: e.period.end,
  ...(e.planId ? { planId: e.planId } : {}),
  ...(e.stripeCustomerId ? { stripeCustomerId: e.stripeCustomerId } : {}),
});

/**
 * Where the schedule's fan-out stands: the run it belongs to and the last entry enqueued. A run cut short (the
 * function's time ran out, a crash) leaves `done` false, and the next scheduled run carries on after `after` instead
 * of starting over, so the orgs late in the order are reached. Enqueueing one twice is harmless (watermarks).
 */
interface Position {
  runStartedAt: string;
  after?: string;
  done: boolean;
}

const POSITION_KEY = { PK: 'METERSINK', SK: 'POSITION' };

async function readPosition(): Promise<Position | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: POSITION_KEY, ConsistentRead: true }));
  return Item ? { runStartedAt: String(Item.runStartedAt), after: Item.after as string | undefined, done: Item.done === true } : undefined;
}

async function savePosition(position: Position): Promise<void> {
  await ddb.send(new PutCommand({ TableName: tableName, Item: { ...POSITION_KEY, type: 'meter-sink-position', ...position } }));
}

export interface EnqueueSummary {
  runStartedAt: string;
  resumed: boolean;
  enqueued: number;
  failed: number;
  done: boolean;
}

/** Messages per position save: a cut-short run resends at most this many. */
const CHUNK = 100;

/**
 * The schedule: one message per (org, period) to the meter sink queue, oldest periods first, saving its position
 * after each chunk; stops early (position kept) when `timeLeftMs()` runs low.
 */
export async function enqueueMeteredPeriods(queueUrl: string, now = new Date(), timeLeftMs: () => number = () => Infinity): Promise<EnqueueSummary> {
  const saved = await readPosition();
  const resumed = saved !== undefined && !saved.done;
  const position: Position = resumed ? saved : { runStartedAt: now.toISOString(), done: false };
  const entries = (await meteredPeriods(now)).filter((e) => position.after === undefined || entryKey(e) > position.after);
  const summary: EnqueueSummary = { runStartedAt: position.runStartedAt, resumed, enqueued: 0, failed: 0, done: false };
  for (let i = 0; i < entries.length; i += CHUNK) {
    if (timeLeftMs() < 10_000) {
      await savePosition(position);
      return summary;
    }
    const chunk = entries.slice(i, i + CHUNK);
    const failures = await sendMessages(queueUrl, chunk.map((e) => JSON.stringify(toMessage(e))));
    // A message that could not be sent is picked up by the next run (its period stays in the index); it never stalls this one.
    summary.enqueued += chunk.length - failures.size;
    summary.failed += failures.size;
    position.after = entryKey(chunk[chunk.length - 1]);
    await savePosition(position);
  }
  summary.done = true;
  await savePosition({ ...position, done: true });
  return summary;
}

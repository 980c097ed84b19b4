import { BatchGetCommand, TransactWriteCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { analyticsMessageSchema, type AnalyticsDeadLetter } from '../../events/analytics';
import { ddb, tableName } from '../db/client';
import { analyticsKeys } from '../db/analytics-keys';
import { cancellationCodes } from '../db/transactions';
import { logger } from '../logger';
import { sendMessages } from '../usage/queue-send';
import { rawEventRow } from './raw-events';
import type { RawEventSink } from './raw-sink';
import { analyticsTransaction, chunkForTransactions, type QueuedEvent } from './rollup-transaction';
import { eventDay } from './validate-event';

/** One SQS message of the analytics queue. */
export interface AnalyticsQueueMessage {
  messageId: string;
  body: string;
}

export interface AnalyticsBatchOutcome {
  /** Messages to report as batch item failures (SQS redelivers them; after 5 receives the redrive moves them to the DLQ). */
  failed: Map<string, unknown>;
  counted: number;
  duplicates: number;
  refused: number;
  transactions: number;
  itemsWritten: number;
  rawRows: number;
}

export interface AnalyticsBatchDeps {
  sink: RawEventSink;
  /** The analytics DLQ, for messages that can never be processed (bad JSON or shape). */
  deadLetterQueueUrl: string;
  /** Test seam: runs before every TransactWriteItems call (fault injection for crash-and-redeliver tests). */
  beforeTransaction?: () => void | Promise<void>;
  /** Test seam: runs before every raw file write. */
  beforeRawWrite?: () => void | Promise<void>;
}

const CHUNK_CONCURRENCY = 4;
const MAX_CONFLICT_RETRIES = 8;

/**
 * Records a batch of analytics messages exactly once per (org, event id), in the rollups and in the raw store:
 * 1. parse each message (a malformed one goes to the DLQ with its reason, the rest go on);
 * 2. write the events' dedupe records, rollup ADDs and active-user markers in transactions of ≤ 100 items; a dedupe put
 *    whose condition fails is an event counted before, dropped and the transaction retried without it;
 * 3. work out which events each message *owns*: those whose dedupe record names it (`source`), counted now or by an
 *    earlier delivery of the same message that crashed before finishing;
 * 4. write each message's owned events per day to the raw store, as one object named by the message: a redelivery
 *    writes the same object with the same rows, and an event another message owns is never in this one's file.
 * Messages whose transactions or raw writes failed are reported for redelivery; nothing is counted twice.
 */
export async function recordAnalyticsBatch(messages: AnalyticsQueueMessage[], deps: AnalyticsBatchDeps, now = new Date()): Promise<AnalyticsBatchOutcome> {
  const outcome: AnalyticsBatchOutcome = { failed: new Map(), counted: 0, duplicates: 0, refused: 0, transactions: 0, itemsWritten: 0, rawRows: 0 };
  const occurrences: (QueuedEvent & { receivedAt: Date })[] = [];
  const refused: AnalyticsDeadLetter[] = [];
  for (const message of messages) {
    const parsed = parseMessage(message.body);
    if (!parsed.ok) {
      refused.push({ reason: { code: 'invalid_message', message: parsed.message }, body: message.body.slice(0, 200_000), messageId: message.messageId, refusedAt: now.toISOString() });
      continue;
    }
    const { orgId, actor, receivedAt, events } = parsed.message;
    for (const event of events) occurrences.push({ orgId, event: { ...event, timestamp: new Date(event.timestamp).toISOString() }, source: message.messageId, actor: actor ?? deviceActor(orgId, event.deviceId), receivedAt: new Date(receivedAt) });
  }

  // First occurrence of each (org, id) in the batch is written; the others can only be duplicates of it.
  const firstOf = new Map<string, QueuedEvent>();
  for (const o of occurrences) if (!firstOf.has(eventKey(o))) firstOf.set(eventKey(o), o);
  const counted = new Set<QueuedEvent>();
  await forEachLimited(chunkForTransactions([...firstOf.values()]), CHUNK_CONCURRENCY, async (chunk) => {
    try {
      const written = await writeChunk(chunk, now, deps, outcome);
      for (const e of written) counted.add(e);
    } catch (error) {
      logger.warn('analytics chunk failed; its messages will be redelivered', { events: chunk.length, error: error as Error });
      for (const e of chunk) outcome.failed.set(e.source, error);
    }
  });
  outcome.counted = counted.size;

  // Who owns the events this delivery did not count: the dedupe record's `source`.
  const unsettled = occurrences.filter((o) => !outcome.failed.has(o.source) && !counted.has(o));
  const owners = await readOwners(unsettled).catch((error: unknown) => {
    for (const o of unsettled) outcome.failed.set(o.source, error);
    return new Map<string, string>();
  });
  const files = new Map<string, { messageId: string; day: string; rows: ReturnType<typeof rawEventRow>[]; ids: Set<string> }>();
  for (const o of occurrences) {
    if (outcome.failed.has(o.source)) continue;
    const owned = counted.has(o) || owners.get(eventKey(o)) === o.source;
    if (!owned) {
      outcome.duplicates++;
      continue;
    }
    const day = eventDay(o.event);
    const key = `${o.source}\u0000${day}`;
    const file = files.get(key) ?? { messageId: o.source, day, rows: [], ids: new Set<string>() };
    files.set(key, file);
    // The same event twice in one message is one row.
    if (file.ids.has(eventKey(o))) continue;
    file.ids.add(eventKey(o));
    file.rows.push(rawEventRow(o.orgId, o.event, o.actor, o.receivedAt));
  }
  await forEachLimited([...files.values()], CHUNK_CONCURRENCY, async (file) => {
    if (outcome.failed.has(file.messageId)) return;
    try {
      await deps.beforeRawWrite?.();
      await deps.sink.write({ messageId: file.messageId, day: file.day, rows: file.rows });
      outcome.rawRows += file.rows.length;
    } catch (error) {
      logger.warn('analytics raw write failed; its message will be redelivered', { messageId: file.messageId, day: file.day, error: error as Error });
      outcome.failed.set(file.messageId, error);
    }
  });

  outcome.refused = refused.length;
  if (refused.length) {
    const failures = await sendMessages(deps.deadLetterQueueUrl, refused.map((r) => JSON.stringify(r)));
    for (const i of failures.keys()) outcome.failed.set(refused[i].messageId, new Error('refused message not dead-lettered'));
  }
  return outcome;
}

type Parsed = { ok: true; message: ReturnType<typeof analyticsMessageSchema.parse> } | { ok: false; message: string };

function parseMessage(body: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: 'body is not JSON' };
  }
  const parsed = analyticsMessageSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `${parsed.error.issues[0].path.join('.') || 'body'}: ${parsed.error.issues[0].message}` };
  return { ok: true, message: parsed.data };
}

/**
 * Events sent with an API key name no user: the device they came from stands in for one (per org, so two orgs' device
 * ids never meet). Events with neither count toward no active user.
 */
function deviceActor(orgId: string, deviceId: string | undefined): string | null {
  return deviceId ? `device:${orgId}:${deviceId}` : null;
}

const eventKey = (e: { orgId: string; event: { id: string } }) => `${e.orgId}\u0000${e.event.id}`;

/** Writes one chunk, dropping events already counted; returns the events this call counted. */
async function writeChunk(events: QueuedEvent[], now: Date, deps: AnalyticsBatchDeps, outcome: AnalyticsBatchOutcome): Promise<QueuedEvent[]> {
  let pending = events;
  let conflicts = 0;
  while (pending.length) {
    const tx = analyticsTransaction(pending, now);
    try {
      await deps.beforeTransaction?.();
      outcome.transactions++;
      await ddb.send(new TransactWriteCommand({ TransactItems: tx.items as never }));
      outcome.itemsWritten += tx.items.length;
      return pending;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const duplicates = new Set<number>();
      codes.forEach((code, i) => {
        const role = tx.roles[i];
        if (code === 'ConditionalCheckFailed' && role?.kind === 'dedupe') duplicates.add(role.index);
      });
      if (!duplicates.size) {
        if (++conflicts > MAX_CONFLICT_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** conflicts)));
      }
      pending = pending.filter((_, i) => !duplicates.has(i));
    }
  }
  return [];
}

/** The message (`source`) each event's dedupe record names, by (org, id); strongly consistent, 100 keys per call. */
async function readOwners(events: QueuedEvent[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const keys = [...new Map(events.map((e) => [eventKey(e), analyticsKeys.dedupe(e.orgId, e.event.id)])).values()];
  const byPk = new Map(events.map((e) => [analyticsKeys.dedupe(e.orgId, e.event.id).PK, eventKey(e)]));
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 8) throw new Error('dedupe records stayed unprocessed');
      if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 20 * 2 ** attempt)));
      const page: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true, ProjectionExpression: 'PK, #source', ExpressionAttributeNames: { '#source': 'source' } } } }));
      for (const item of page.Responses?.[tableName] ?? []) owners.set(byPk.get(String(item.PK))!, String(item.source));
      pending = page.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return owners;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

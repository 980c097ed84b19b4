import { getOrg, type Org } from '../db/orgs';
import { logger } from '../logger';
import { defaultPlan, findPlan } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';
import { deadLetter, type RefusedEvent } from './dead-letter';
import { conflictMessage } from './event-content';
import { groupEvents, type IncomingEvent, type UsageGroup } from './group-events';
import { registerForMetering } from './metering-index';
import { parseUsageMessage } from './parse-message';
import { readCounter } from './read-usage';
import { checkThresholds } from './thresholds';
import { validateUsageEvent, wireEvent, type UsageEvent } from './validate-event';
import { HistoryChangedError } from './usage-placement';
import { writeUsageGroup, type WriteHooks } from './write-group';

/** One SQS message of the usage queue. */
export interface UsageMessage {
  messageId: string;
  body: string;
  /** When the message entered the queue (SentTimestamp): the reference for defaulted timestamps and the window. */
  sentAt: Date;
}

export interface BatchOutcome {
  /** Messages to report as batch item failures (retried by SQS; after 5 receives the redrive moves them to the DLQ). */
  failed: Map<string, unknown>;
  counted: number;
  duplicates: number;
  refused: number;
  transactions: number;
  itemsWritten: number;
}

/** Groups written at once; groups of one counter never overlap, so parallel groups do not conflict with each other. */
const GROUP_CONCURRENCY = 4;
/** Placements of one group tried in a batch before its messages are left to SQS redelivery (histories change rarely). */
const MAX_PLACEMENTS = 3;

/**
 * Counts a batch of usage messages exactly once per (org, event id):
 * 1. parse each message, validate each event (a refused event goes to the DLQ with its reason; its neighbours count);
 *    an id reused with another metric or quantity (in the batch or against what was counted) is refused as `conflict`;
 * 2. load the batch's orgs (unknown org -> refused), place events in their org's billing period and daily bucket;
 * 3. write each (org, metric, period) group transactionally (write-group.ts), then check its thresholds;
 * 4. report the messages whose writes, alerts or refusals failed, so only they are redelivered.
 */
export async function aggregateUsageBatch(messages: UsageMessage[], hooks: WriteHooks = {}, now = new Date()): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { failed: new Map(), counted: 0, duplicates: 0, refused: 0, transactions: 0, itemsWritten: 0 };
  const refused: RefusedEvent[] = [];
  const valid: { event: IncomingEvent['event']; source: string; raw: unknown }[] = [];
  for (const message of messages) {
    const parsed = parseUsageMessage(message.body);
    if (!parsed.ok) {
      refused.push({ event: message.body, reason: parsed.reason, source: message.messageId });
      continue;
    }
    for (const raw of parsed.events) {
      const result = validateUsageEvent(raw, message.sentAt);
      if (result.ok) valid.push({ event: result.event, source: message.messageId, raw });
      else refused.push({ event: raw, reason: result.reason, source: message.messageId });
    }
  }

  const orgs = await loadOrgs([...new Set(valid.map((v) => v.event.orgId))]).catch((error: unknown) => {
    for (const v of valid) outcome.failed.set(v.source, error);
    return new Map<string, Org>();
  });
  const incoming: IncomingEvent[] = [];
  for (const v of valid) {
    if (outcome.failed.has(v.source)) continue;
    const org = orgs.get(v.event.orgId);
    if (org) incoming.push({ event: v.event, org, source: v.source });
    else refused.push({ event: v.raw, reason: { code: 'unknown_org', message: `No org ${v.event.orgId}` }, source: v.source });
  }

  const onConflict = (c: { event: UsageEvent; source: string }) => refused.push({ event: wireEvent(c.event), reason: { code: 'conflict', message: conflictMessage(c.event.id) }, source: c.source });
  const groups = groupEvents(incoming, onConflict);
  const writeGroup = async (group: UsageGroup, org: Org, attempt: number): Promise<void> => {
    try {
      const written = await writeUsageGroup(group, now, hooks);
      outcome.counted += written.counted;
      outcome.duplicates += written.duplicates;
      for (const e of written.conflicts) refused.push({ event: wireEvent(e), reason: { code: 'conflict', message: conflictMessage(e.id) }, source: e.source });
      outcome.transactions += written.transactions;
      outcome.itemsWritten += written.itemsWritten;
    } catch (error) {
      // A subscription webhook moved the org's periods while these events were placed: place them again by the new history.
      if (!(error instanceof HistoryChangedError) || attempt >= MAX_PLACEMENTS) throw error;
      const fresh = await getOrg(org.id);
      if (!fresh) throw error;
      for (const regrouped of groupEvents(group.events.map((e) => ({ event: e, org: fresh, source: e.source })), onConflict)) await writeGroup(regrouped, fresh, attempt + 1);
      return;
    }
    await afterWrite(group, org, now);
  };
  await forEachLimited(groups, GROUP_CONCURRENCY, async (group) => {
    try {
      await writeGroup(group, orgs.get(group.orgId)!, 1);
    } catch (error) {
      logger.warn('usage group failed; its messages will be redelivered', { orgId: group.orgId, metric: group.metric, periodStart: group.period.start, error: error as Error });
      for (const e of group.events) outcome.failed.set(e.source, error);
    }
  });

  outcome.refused = refused.length;
  if (refused.length) {
    for (const source of await deadLetter(refused, now)) outcome.failed.set(source, new Error('refused event not dead-lettered'));
  }
  return outcome;
}

/** Metering registration and threshold alerts; also runs when every event was a duplicate, so a retry finishes an alert a crash interrupted. */
async function afterWrite(group: UsageGroup, org: Org, now: Date): Promise<void> {
  // The plan in force during the group's period decides billing (a late event of an ended subscription's last period too).
  const inForce = findPlan(group.planId) ?? defaultPlan();
  if (inForce.prices.some((p) => p.amount > 0)) await registerForMetering({ ...org, planId: inForce.id }, group.period);
  const included = currentPlan(org, now).metrics[group.metric].included;
  const counter = await readCounter(group.orgId, group.period.start, group.metric);
  await checkThresholds({ orgId: group.orgId, metric: group.metric, periodStart: group.period.start, used: counter.used, included });
}

async function loadOrgs(ids: string[]): Promise<Map<string, Org>> {
  const orgs = new Map<string, Org>();
  await forEachLimited(ids, 8, async (id) => {
    const org = await getOrg(id);
    if (org) orgs.set(id, org);
  });
  return orgs;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

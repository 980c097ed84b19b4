import { z } from 'zod';
import { SQS_EVENTS_PER_MESSAGE_MAX } from '../../events/usage';
import type { Identity } from '../auth/identity';
import { readConfig } from '../config';
import { getOrg } from '../db/orgs';
import { AppError } from '../errors';
import { authorizeOrg } from '../identity/authorize-org';
import { conflictMessage, priorUse, readDedupeRecords } from './event-content';
import { sendMessages } from './queue-send';
import { validateUsageEvent, wireEvent, type UsageEvent } from './validate-event';

const { USAGE_QUEUE_URL } = readConfig({ USAGE_QUEUE_URL: z.string().min(1) });

/** SQS message size limit (256 KiB) with headroom; a message holds at most 100 events. */
const MAX_MESSAGE_BYTES = 240 * 1024;

export interface Rejection {
  index: number;
  id: string | null;
  /** snake_case reason code (invalid_event, unknown_metric, invalid_quantity, timestamp_out_of_window, unknown_org, forbidden, conflict). */
  error: string;
  message: string;
}

export interface IngestResult {
  accepted: number;
  rejected: Rejection[];
}

/** Some accepted events could not be enqueued: the request fails as a whole with 500 (the client retries; ids dedupe). */
export class EnqueueFailedError extends AppError {
  constructor() {
    super(500, 'internal', 'Usage could not be queued; retry the request (event ids make retries safe)', undefined, { 'retry-after': '1' });
  }
}

/**
 * `POST /v1/usage`: validates each event (shape, metric, quantity, window, the caller's right to the org: an org key
 * only for its own org, an id not already bound to other content), rejects the bad ones individually and enqueues the rest on the usage queue, packed as
 * `{ events }` messages. Answers only after SQS has every accepted event: if any could not be enqueued after retries
 * it throws (500) rather than report them accepted. The aggregator counts them once, whatever path also sent them.
 */
export async function ingestUsage(identity: Identity, rawEvents: unknown[], now = new Date()): Promise<IngestResult> {
  const rejected: Rejection[] = [];
  const accepted: UsageEvent[] = [];
  const validated = rawEvents.map((raw) => validateUsageEvent(raw, now));
  const access = await orgAccess(identity, validated.flatMap((v) => (v.ok ? [v.event.orgId] : [])));
  const candidates: { index: number; event: UsageEvent }[] = [];
  validated.forEach((v, index) => {
    if (!v.ok) return rejected.push({ index, id: v.id ?? null, error: v.reason.code, message: v.reason.message });
    const denied = access.get(v.event.orgId);
    if (denied) return rejected.push({ index, id: v.event.id, error: denied.code, message: denied.message });
    candidates.push({ index, event: v.event });
  });
  const conflicting = await reusedIds(candidates.map((c) => c.event), now);
  candidates.forEach(({ index, event }, i) => {
    if (conflicting.has(i)) rejected.push({ index, id: event.id, error: 'conflict', message: conflictMessage(event.id) });
    else accepted.push(event);
  });
  rejected.sort((a, b) => a.index - b.index);
  const failures = await sendMessages(USAGE_QUEUE_URL, packMessages(accepted));
  if (failures.size) throw new EnqueueFailedError();
  return { accepted: accepted.length, rejected };
}

/**
 * Positions of events whose id is already bound to another metric or quantity: by an earlier event of the request, or
 * by a dedupe record (one strongly consistent batch read per 100 ids). Ids first used concurrently by two requests
 * both pass here; the aggregator then refuses the later one as `conflict` into the usage DLQ.
 */
async function reusedIds(events: UsageEvent[], now: Date): Promise<Set<number>> {
  const conflicting = new Set<number>();
  const first = new Map<string, UsageEvent>();
  const byOrg = new Map<string, number[]>();
  events.forEach((e, i) => {
    const key = `${e.orgId}\u0000${e.id}`;
    const earlier = first.get(key);
    if (earlier && priorUse({ metric: earlier.metric, quantity: earlier.quantity, expiresAt: Infinity }, e, now) === 'conflict') conflicting.add(i);
    if (!earlier) first.set(key, e);
    byOrg.set(e.orgId, byOrg.get(e.orgId) ?? []);
    byOrg.get(e.orgId)!.push(i);
  });
  await Promise.all(
    [...byOrg].map(async ([orgId, positions]) => {
      const records = await readDedupeRecords(orgId, positions.map((i) => events[i].id));
      for (const i of positions) if (priorUse(records.get(events[i].id), events[i], now) === 'conflict') conflicting.add(i);
    }),
  );
  return conflicting;
}

/** For each org the events name: why the caller may not report for it (unknown_org, forbidden), or nothing. */
async function orgAccess(identity: Identity, orgIds: string[]): Promise<Map<string, { code: string; message: string }>> {
  const denied = new Map<string, { code: string; message: string }>();
  await Promise.all(
    [...new Set(orgIds)].map(async (orgId) => {
      try {
        await authorizeOrg(identity, orgId, 'member');
      } catch (error) {
        const code = error instanceof AppError && error.statusCode === 404 ? 'unknown_org' : 'forbidden';
        return denied.set(orgId, { code, message: error instanceof AppError ? error.message : 'Not allowed' });
      }
      if (!(await getOrg(orgId))) denied.set(orgId, { code: 'unknown_org', message: `No org ${orgId}` });
    }),
  );
  return denied;
}

/** `{ events }` bodies of ≤ 100 events and ≤ MAX_MESSAGE_BYTES each. */
export function packMessages(events: UsageEvent[]): string[] {
  const bodies: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length) bodies.push(`{"events":[${current.join(',')}]}`);
    current = [];
    bytes = 0;
  };
  for (const event of events) {
    const json = JSON.stringify(wireEvent(event));
    if (current.length >= SQS_EVENTS_PER_MESSAGE_MAX || bytes + json.length + 16 > MAX_MESSAGE_BYTES) flush();
    current.push(json);
    bytes += Buffer.byteLength(json) + 1;
  }
  flush();
  return bodies;
}

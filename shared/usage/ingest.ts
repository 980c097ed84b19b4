import { z } from 'zod';
import { SQS_EVENTS_PER_MESSAGE_MAX } from '../../events/usage';
import type { Identity } from '../auth/identity';
import { readConfig } from '../config';
import { getOrg } from '../db/orgs';
import { AppError, ValidationError } from '../errors';
import { authorizeOrgAction } from '../identity/authorize-org';
import { conflictMessage, priorUse, readDedupeRecords } from './event-content';
import { sendMessages } from './queue-send';
import { MAX_ORGS_PER_USAGE_REQUEST, namedOrgIds } from './request-orgs';
import { validateUsageEvent, wireEvent, type UsageEvent } from './validate-event';

const { USAGE_QUEUE_URL } = readConfig({ USAGE_QUEUE_URL: z.string().min(1) });

/** SQS message size limit (256 KiB) with headroom; a message holds at most 100 events. */
const MAX_MESSAGE_BYTES = 240 * 1024;

export interface Rejection {
  index: number;
  id: string | null;
  /** snake_case reason code (invalid_event, unknown_metric, invalid_quantity, timestamp_out_of_window, unknown_org, conflict). */
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
 * `POST /v1/usage`: the caller must be allowed to record usage for every org the events name (`usage.record`: a key
 * with `usage:write` for its own org, the platform key for any, an admin's or owner's token; else the whole request
 * is refused, 403 or 404), and may name at most MAX_ORGS_PER_USAGE_REQUEST orgs (400). Then each event is validated
 * (shape, metric, quantity, window, an id not already bound to other content), the bad ones rejected individually, and the rest enqueued on the usage queue,
 * packed as `{ events }` messages. Answers only after SQS has every accepted event: if any could not be enqueued after
 * retries it throws (500) rather than report them accepted. The aggregator counts them once, whatever path also sent them.
 */
export async function ingestUsage(identity: Identity, rawEvents: unknown[], now = new Date()): Promise<IngestResult> {
  const orgIds = namedOrgIds(rawEvents);
  if (orgIds.length > MAX_ORGS_PER_USAGE_REQUEST) {
    throw new ValidationError([{ path: 'body.events', message: `One request may name at most ${MAX_ORGS_PER_USAGE_REQUEST} orgs; this one names ${orgIds.length}` }]);
  }
  const unknownOrgs = await authorizeRecording(identity, orgIds);
  const rejected: Rejection[] = [];
  const accepted: UsageEvent[] = [];
  const candidates: { index: number; event: UsageEvent }[] = [];
  rawEvents.forEach((raw, index) => {
    const v = validateUsageEvent(raw, now);
    if (!v.ok) return rejected.push({ index, id: v.id ?? null, error: v.reason.code, message: v.reason.message });
    if (unknownOrgs.has(v.event.orgId)) return rejected.push({ index, id: v.event.id, error: 'unknown_org', message: `No org ${v.event.orgId}` });
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

/**
 * Throws the first refusal (403/404) among the named orgs. Returns the orgs that do not exist, which only the platform
 * key can name without a refusal (a member's org exists, an org key's own org exists): their events are rejected.
 */
async function authorizeRecording(identity: Identity, orgIds: string[]): Promise<Set<string>> {
  const checks = await Promise.allSettled(orgIds.map((orgId) => authorizeOrgAction(identity, orgId, 'usage.record')));
  // The refusal of the first org named, so the same request always gets the same answer.
  const refused = checks.find((c) => c.status === 'rejected');
  if (refused) throw refused.reason;
  if (identity.kind !== 'key' || identity.orgId !== null) return new Set();
  const exists = await Promise.all(orgIds.map(async (orgId) => [orgId, (await getOrg(orgId)) !== undefined] as const));
  return new Set(exists.filter(([, found]) => !found).map(([orgId]) => orgId));
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


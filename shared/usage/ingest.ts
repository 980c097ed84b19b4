import { z } from 'zod';
import { SQS_EVENTS_PER_MESSAGE_MAX } from '../../events/usage';
import type { Identity } from '../auth/identity';
import { readConfig } from '../config';
import { getOrg } from '../db/orgs';
import { AppError } from '../errors';
import { authorizeOrg } from '../identity/authorize-org';
import { sendMessages } from './queue-send';
import { validateUsageEvent, type UsageEvent } from './validate-event';

const { USAGE_QUEUE_URL } = readConfig({ USAGE_QUEUE_URL: z.string().min(1) });

/** SQS message size limit (256 KiB) with headroom; a message holds at most 100 events. */
const MAX_MESSAGE_BYTES = 240 * 1024;

export interface Rejection {
  index: number;
  id: string | null;
  /** snake_case reason code (invalid_event, unknown_metric, invalid_quantity, timestamp_out_of_window, unknown_org, forbidden). */
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
 * only for its own org), rejects the bad ones individually and enqueues the rest on the usage queue, packed as
 * `{ events }` messages. Answers only after SQS has every accepted event: if any could not be enqueued after retries
 * it throws (500) rather than report them accepted. The aggregator counts them once, whatever path also sent them.
 */
export async function ingestUsage(identity: Identity, rawEvents: unknown[], now = new Date()): Promise<IngestResult> {
  const rejected: Rejection[] = [];
  const accepted: UsageEvent[] = [];
  const validated = rawEvents.map((raw) => validateUsageEvent(raw, now));
  const access = await orgAccess(identity, validated.flatMap((v) => (v.ok ? [v.event.orgId] : [])));
  validated.forEach((v, index) => {
    if (!v.ok) return rejected.push({ index, id: v.id ?? null, error: v.reason.code, message: v.reason.message });
    const denied = access.get(v.event.orgId);
    if (denied) return rejected.push({ index, id: v.event.id, error: denied.code, message: denied.message });
    accepted.push(v.event);
  });
  const failures = await sendMessages(USAGE_QUEUE_URL, packMessages(accepted));
  if (failures.size) throw new EnqueueFailedError();
  return { accepted: accepted.length, rejected };
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

/** The event as the contract's wire shape, timestamp filled in (defaulted at receipt), llm detail as properties. */
function wireEvent(e: UsageEvent) {
  const { llm, ...rest } = e;
  return llm ? { ...rest, properties: { provider: llm.provider, model: llm.model, tokensIn: llm.tokensIn, tokensOut: llm.tokensOut } } : rest;
}

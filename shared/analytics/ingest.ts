import { z } from 'zod';
import type { AnalyticsMessage } from '../../events/analytics';
import type { Identity } from '../auth/identity';
import { readConfig } from '../config';
import { getOrg } from '../db/orgs';
import { AppError, NotFoundError } from '../errors';
import { authorizeOrgAction } from '../identity/authorize-org';
import { sendMessages } from '../usage/queue-send';
import { validateTelemetryEvent, type TelemetryEvent, type TelemetryRefusalCode } from './validate-event';

const { ANALYTICS_QUEUE_URL } = readConfig({ ANALYTICS_QUEUE_URL: z.string().min(1) });

/** SQS message size limit (256 KiB) with headroom for the envelope. */
const MAX_MESSAGE_BYTES = 240 * 1024;

export interface TelemetryRejection {
  index: number;
  id: string | null;
  error: TelemetryRefusalCode;
  message: string;
}

export interface TelemetryIngestResult {
  accepted: number;
  rejected: TelemetryRejection[];
}

/** Some accepted events could not be enqueued: the request fails as a whole (the client retries; ids dedupe). */
export class TelemetryEnqueueFailedError extends AppError {
  constructor() {
    super(500, 'internal', 'Telemetry could not be queued; retry the request (event ids make retries safe)', undefined, { 'retry-after': '1' });
  }
}

/**
 * `POST /v1/analytics/events` (CONTRACT §8): the caller must be a member of `orgId` (else 404) or hold a key with
 * `usage:write` for it; each event is validated on its own (the bad ones answered in `rejected`), and the rest are put
 * on the analytics queue as `{ orgId, actor, receivedAt, events }` messages. Answers only once SQS holds every accepted
 * event (else 500, nothing half-reported): the consumer counts each (org, id) once however often it is sent.
 */
export async function ingestTelemetry(identity: Identity, orgId: string, rawEvents: unknown[], now = new Date()): Promise<TelemetryIngestResult> {
  await authorizeOrgAction(identity, orgId, 'analytics.record');
  // Only the platform key can name an org without being refused; an org that does not exist is not found.
  if (identity.kind === 'key' && identity.orgId === null && !(await getOrg(orgId))) throw new NotFoundError('Org not found');
  const accepted: TelemetryEvent[] = [];
  const rejected: TelemetryRejection[] = [];
  rawEvents.forEach((raw, index) => {
    const v = validateTelemetryEvent(raw, now);
    if (v.ok) accepted.push(v.event);
    else rejected.push({ index, id: v.id, error: v.error, message: v.message });
  });
  const actor = identity.kind === 'user' ? `user:${identity.userId}` : null;
  const failures = await sendMessages(ANALYTICS_QUEUE_URL, packTelemetry(orgId, actor, now, accepted));
  if (failures.size) throw new TelemetryEnqueueFailedError();
  return { accepted: accepted.length, rejected };
}

/** Queue message bodies of at most MAX_MESSAGE_BYTES each. */
export function packTelemetry(orgId: string, actor: string | null, receivedAt: Date, events: TelemetryEvent[]): string[] {
  const head = JSON.stringify({ orgId, actor, receivedAt: receivedAt.toISOString() } satisfies Omit<AnalyticsMessage, 'events'>).slice(0, -1);
  const bodies: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length) bodies.push(`${head},"events":[${current.join(',')}]}`);
    current = [];
    bytes = Buffer.byteLength(head) + 16;
  };
  flush();
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json) + 1;
    if (current.length && bytes + size > MAX_MESSAGE_BYTES) flush();
    current.push(json);
    bytes += size;
  }
  flush();
  return bodies;
}

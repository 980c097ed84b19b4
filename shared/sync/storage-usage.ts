import { z } from 'zod';
import { readConfig } from '../config';
import { getOrg } from '../db/orgs';
import type { StorageEvent } from '../db/sync-objects';
import { AppError, NotFoundError } from '../errors';
import { metricAllowance } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';
import { sendMessages } from '../usage/queue-send';
import { BYTES_PER_GB, bytesToGb } from './storage-levels';

export { assertFits } from './storage-levels';

const { USAGE_QUEUE_URL } = readConfig({ USAGE_QUEUE_URL: z.string().min(1) });

/** The org's hard cap on stored bytes (plan's `storage_gb` included GB), or null when its plan bills overage instead. */
export async function storageCapBytes(orgId: string, now: Date): Promise<number | null> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  const allowance = metricAllowance(currentPlan(org, now), 'storage_gb');
  return allowance.capType === 'hard' ? allowance.included * BYTES_PER_GB : null;
}

export class UsageNotQueuedError extends AppError {
  constructor() {
    super(500, 'internal', 'The change was saved but its storage usage could not be queued; repeat the request (it is idempotent)', undefined, { 'retry-after': '1' });
  }
}

/** Events older than this are not re-sent by a repeated request (the aggregator's late window is 35 days). */
const RESEND_WINDOW_MS = 86_400_000;

/**
 * Reports one storage change as the org's `storage_gb` level through the usage queue (the aggregator keeps the period's
 * maximum; the event id is the change's, so a repeated request re-sends the same event and it counts once). A level of
 * 0 is not sent: usage quantities are > 0, and a gauge kept as a maximum never goes down within a period anyway.
 */
export async function reportStorage(orgId: string, event: StorageEvent, now = new Date()): Promise<void> {
  if (event.storedBytes <= 0 || now.getTime() - Date.parse(event.at) > RESEND_WINDOW_MS) return;
  const body = JSON.stringify({ id: event.id, orgId, metric: 'storage_gb', quantity: bytesToGb(event.storedBytes), timestamp: event.at });
  const failures = await sendMessages(USAGE_QUEUE_URL, [body]);
  if (failures.size) throw new UsageNotQueuedError();
}

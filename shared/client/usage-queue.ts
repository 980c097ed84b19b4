import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { UsageEvent } from './argus-client';

/** SQS's limits: 10 entries per SendMessageBatch, 256 KiB per batch; Argus takes up to 100 events per message. */
const EVENTS_PER_MESSAGE = 100;
const ENTRIES_PER_BATCH = 10;
const MAX_BATCH_BYTES = 250 * 1024;
const MAX_ATTEMPTS = 3;

/** Events SQS would not take after retries: resend them (their ids make that safe). */
export class UsageQueueError extends Error {
  constructor(readonly failedEventIds: string[], reason: string) {
    super(`SQS refused ${failedEventIds.length} usage events: ${reason}`);
    this.name = 'UsageQueueError';
  }
}

/**
 * Sends usage events to the Argus usage queue with SendMessageBatch: messages of `{ events: [...] }` (up to 100 each),
 * up to 10 messages per call, kept under SQS's batch size; entries SQS reports as failed are retried, then reported.
 * Events are counted exactly once whatever is resent, since the event id is the idempotency key.
 */
export async function recordUsageViaSqs(sqs: SQSClient, queueUrl: string, events: UsageEvent[]): Promise<{ messages: number }> {
  const messages = toMessages(events);
  for (const batch of toBatches(messages)) await sendBatch(sqs, queueUrl, batch);
  return { messages: messages.length };
}

interface Message {
  body: string;
  ids: string[];
}

function toMessages(events: UsageEvent[]): Message[] {
  const messages: Message[] = [];
  let current: UsageEvent[] = [];
  const flush = () => {
    if (current.length) messages.push({ body: JSON.stringify({ events: current }), ids: current.map((e) => e.id) });
    current = [];
  };
  for (const event of events) {
    const candidate = JSON.stringify({ events: [...current, event] });
    if (current.length >= EVENTS_PER_MESSAGE || Buffer.byteLength(candidate) > MAX_BATCH_BYTES) flush();
    current.push(event);
  }
  flush();
  return messages;
}

function toBatches(messages: Message[]): Message[][] {
  const batches: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body);
    if (current.length >= ENTRIES_PER_BATCH || (current.length && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

async function sendBatch(sqs: SQSClient, queueUrl: string, batch: Message[]): Promise<void> {
  let pending = batch.map((message, i) => ({ id: String(i), message }));
  let reason = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.length; attempt++) {
    const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((p) => ({ Id: p.id, MessageBody: p.message.body })) }));
    const failed = new Set((result.Failed ?? []).map((f) => f.Id));
    reason = (result.Failed ?? []).map((f) => f.Code).join(', ');
    pending = pending.filter((p) => failed.has(p.id));
  }
  if (pending.length) throw new UsageQueueError(pending.flatMap((p) => p.message.ids), reason);
}

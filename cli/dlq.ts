import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { deadLetterSchema } from '../events/usage';
import { replayUsageMessage } from '../shared/usage/replay-message';
import { readLocalJson, stateDir } from '../infra/local/state';

/**
 * The dead-letter queues as an operator sees them (`argus dlq list|redrive`): what sits there and why, and sending it
 * back. Redriving is safe: counted events are recognised by their ids, applied Stripe events by theirs, and still-invalid
 * ones come back. Queues come from USAGE_QUEUE_URL / USAGE_DLQ_URL or WEBHOOK_QUEUE_URL / WEBHOOK_DLQ_URL (a stage,
 * with the SDK's usual credentials) or the local stack's .argus/local.json. The usage queue is the default.
 */
export type DlqName = 'usage' | 'webhooks';

interface Target {
  client: SQSClient;
  queueUrl: string;
  dlqUrl: string;
  /** FIFO queues (Stripe webhooks) need a message group and a deduplication id on every send. */
  fifo: boolean;
}

export function dlqTarget(queue: DlqName): Target {
  const env = queue === 'usage' ? [process.env.USAGE_QUEUE_URL, process.env.USAGE_DLQ_URL] : [process.env.WEBHOOK_QUEUE_URL, process.env.WEBHOOK_DLQ_URL];
  const fifo = queue === 'webhooks';
  if (env[0] && env[1]) return { client: new SQSClient({}), queueUrl: env[0], dlqUrl: env[1], fifo };
  if (!existsSync(path.join(stateDir(), 'local.json'))) throw new Error('No queue URLs in the environment and no local stack state (.argus/local.json): run `npm start` first');
  const info = readLocalJson();
  const client = new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials }, useQueueUrlAsEndpoint: false });
  return queue === 'usage'
    ? { client, queueUrl: info.sqs.usageQueueUrl, dlqUrl: info.sqs.usageDlqUrl, fifo }
    : { client, queueUrl: info.sqs.webhookQueueUrl, dlqUrl: info.sqs.webhookDlqUrl, fifo };
}

/** Receives up to `max` DLQ messages, hidden for `hideSeconds` so one run sees each once. */
async function receiveAll(t: Target, max: number, hideSeconds: number): Promise<Message[]> {
  const out: Message[] = [];
  while (out.length < max) {
    const { Messages = [] } = await t.client.send(
      new ReceiveMessageCommand({ QueueUrl: t.dlqUrl, MaxNumberOfMessages: Math.min(10, max - out.length), WaitTimeSeconds: 1, VisibilityTimeout: hideSeconds, MessageSystemAttributeNames: ['All'] }),
    );
    if (!Messages.length) break;
    out.push(...Messages);
  }
  return out;
}

/** A DLQ entry as an operator reads it: a refused event with its reason, or a message that failed every delivery. */
function describe(message: Message) {
  const body = message.Body ?? '';
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const letter = deadLetterSchema.safeParse(json);
  if (letter.success) return { kind: 'refused-event' as const, reason: letter.data.reason, event: letter.data.event, refusedAt: letter.data.refusedAt, replay: typeof letter.data.event === 'string' ? letter.data.event : JSON.stringify(letter.data.event) };
  return { kind: 'failed-message' as const, reason: { code: 'max_receives', message: 'failed every delivery (transient errors); see the aggregator logs' }, event: json ?? body, replay: body };
}

/** What a redrive sends: a whole usage message keeps the time it first reached Argus for its untimestamped events. */
function replayBody(message: Message, queue: DlqName): string {
  const entry = describe(message);
  if (queue !== 'usage' || entry.kind !== 'failed-message') return entry.replay;
  return replayUsageMessage(entry.replay, new Date(Number(message.Attributes?.SentTimestamp)));
}


export interface DlqListing {
  count: number;
  byReason: Record<string, number>;
  entries: ({ messageId?: string; sentAt: string } & Omit<ReturnType<typeof describe>, 'replay'>)[];
}

/** Lists up to `max` DLQ messages and makes them visible again right away (a redrive may follow immediately). */
export async function listDlq(queue: DlqName, max: number): Promise<DlqListing> {
  const t = dlqTarget(queue);
  try {
    const messages = await receiveAll(t, max, 5);
    const entries = messages.map((m) => {
      const { replay: _replay, ...entry } = describe(m);
      return { messageId: m.MessageId, sentAt: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(), ...entry };
    });
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      await t.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: t.dlqUrl, Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })) }));
    }
    const byReason: Record<string, number> = {};
    for (const e of entries) byReason[e.reason.code] = (byReason[e.reason.code] ?? 0) + 1;
    return { count: entries.length, byReason, entries };
  } finally {
    t.client.destroy();
  }
}

/** Sends up to `max` DLQ messages back to their queue and removes the ones sent from the DLQ. */
export async function redriveDlq(queue: DlqName, max: number): Promise<{ redriven: number; failed: number }> {
  const t = dlqTarget(queue);
  try {
    const messages = await receiveAll(t, max, 60);
    let moved = 0;
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const entries = batch.map((m, j) => ({
        Id: String(j),
        MessageBody: replayBody(m, queue),
        // A fresh deduplication id: the original one may still be inside SQS's 5-minute deduplication window.
        ...(t.fifo ? { MessageGroupId: m.Attributes?.MessageGroupId ?? 'redrive', MessageDeduplicationId: `${m.MessageId}-redrive-${Date.now()}` } : {}),
      }));
      const sent = await t.client.send(new SendMessageBatchCommand({ QueueUrl: t.queueUrl, Entries: entries }));
      const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
      const done = batch.filter((_, j) => ok.has(j));
      if (done.length) await t.client.send(new DeleteMessageBatchCommand({ QueueUrl: t.dlqUrl, Entries: done.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })) }));
      moved += done.length;
    }
    return { redriven: moved, failed: messages.length - moved };
  } finally {
    t.client.destroy();
  }
}

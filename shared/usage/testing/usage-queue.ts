import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { eventually, localStack } from '../../../infra/local/testing/local-stack';

/** The local stack's usage queue and DLQ as the outside sees them (integration tests only). */
export interface DeadLetterBody {
  reason?: { code: string; message?: string };
  event?: { id?: string; quantity?: unknown; metric?: string };
}

export function usageQueueClient(): SQSClient {
  const info = localStack();
  return new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials }, useQueueUrlAsEndpoint: false });
}

/** Sends message bodies to the usage queue, 10 a batch, 8 batches at a time. */
export async function sendBodies(sqs: SQSClient, bodies: string[]): Promise<void> {
  const batches: string[][] = [];
  for (let i = 0; i < bodies.length; i += 10) batches.push(bodies.slice(i, i + 10));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: localStack().sqs.usageQueueUrl, Entries: batch.map((body, j) => ({ Id: String(j), MessageBody: body })) }));
        if (res.Failed?.length) throw new Error(`enqueue failed: ${JSON.stringify(res.Failed)}`);
      }),
    );
  }
}

/** Drains DLQ messages that mention `marker` until `expected` arrived, leaving the others for their tests. */
export async function deadLettersFor(sqs: SQSClient, marker: string, expected: number, timeoutMs = 30_000): Promise<DeadLetterBody[]> {
  const found: DeadLetterBody[] = [];
  const dlq = localStack().sqs.usageDlqUrl;
  await eventually(
    async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30 }));
      const mine = Messages.filter((m) => m.Body?.includes(marker));
      found.push(...mine.map((m) => JSON.parse(m.Body!) as DeadLetterBody));
      if (mine.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: dlq, Entries: mine.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      return found.length;
    },
    (n) => n >= expected,
    timeoutMs,
  );
  return found;
}

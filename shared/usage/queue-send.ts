import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

/** One SQS client per container (the endpoint comes from the SDK's settings: AWS_ENDPOINT_URL_SQS locally). */
// The queue URL's host is not the endpoint locally (fauxqs names sqs.<region>.localhost); the SDK's own endpoint is right in both places.
export const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

const MAX_ATTEMPTS = 4;

/** Bodies that could not be enqueued after retries, by their index in the input. */
export type SendFailures = Map<number, string>;

/**
 * Sends message bodies with SendMessageBatch (10 per call), retrying the entries SQS reports as failed (a batch
 * call can succeed while single entries fail) and calls that throw. Returns what still failed; never throws.
 */
export async function sendMessages(queueUrl: string, bodies: string[]): Promise<SendFailures> {
  const failures: SendFailures = new Map();
  const calls: Promise<void>[] = [];
  for (let start = 0; start < bodies.length; start += 10) {
    calls.push(sendTen(queueUrl, bodies, start, failures));
  }
  await Promise.all(calls);
  return failures;
}

async function sendTen(queueUrl: string, bodies: string[], start: number, failures: SendFailures): Promise<void> {
  let pending = bodies.slice(start, start + 10).map((_, i) => start + i);
  let lastError = 'not sent';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.length; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    try {
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((index) => ({ Id: String(index), MessageBody: bodies[index] })) }));
      const failed = new Set((result.Failed ?? []).map((f) => Number(f.Id)));
      for (const f of result.Failed ?? []) lastError = `${f.Code}: ${f.Message ?? ''}`;
      pending = pending.filter((index) => failed.has(index));
    } catch (error) {
      lastError = (error as Error).name ?? 'error';
    }
  }
  for (const index of pending) failures.set(index, lastError);
}

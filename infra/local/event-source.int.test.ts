import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { QUEUE_SETTINGS } from '../routes';
import { SqsEventSource } from './event-source';
import { eventually, localStack } from './testing/local-stack';

/** The poller against the real SQS emulator of the running local stack, on queues of its own. */
describe('SqsEventSource (Lambda event source mapping emulation)', () => {
  const info = localStack();
  const client = new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials } });
  afterAll(() => client.destroy());

  async function queuePair() {
    const name = `es-${randomUUID().slice(0, 8)}`;
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: QUEUE_SETTINGS.maxReceiveCount }) },
      }),
    );
    return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
  }

  function source(queueUrl: string, handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] } | void>, extra: { heartbeatVisibilitySeconds?: number; concurrency?: number } = {}) {
    return new SqsEventSource({ name: 'test', client, queueUrl, queueArn: 'arn:aws:sqs:us-east-1:000000000000:test', batchSize: 10, maxBatchingWindowSeconds: 0.2, concurrency: 1, handler, ...extra });
  }

  it('delivers batches and moves a message that fails 5 times to the DLQ while the rest of its batch succeeds', async () => {
    const { queueUrl, dlqUrl } = await queuePair();
    const received = new Map<string, number>();
    const poller = source(queueUrl, async (event) => {
      const failures = [];
      for (const record of event.Records) {
        received.set(record.body, (received.get(record.body) ?? 0) + 1);
        expect(record.eventSource).toBe('aws:sqs');
        expect(Number(record.attributes.ApproximateReceiveCount)).toBeGreaterThanOrEqual(1);
        if (record.body === 'poison') failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    });
    await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: ['a', 'b', 'poison', 'c'].map((body, i) => ({ Id: String(i), MessageBody: body })) }));
    poller.start();
    try {
      const dead = await eventually(
        async () => (await client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [],
        (messages) => messages.length > 0,
        30_000,
      );
      expect(dead.map((m) => m.Body)).toEqual(['poison']);
      expect(received.get('poison')).toBe(QUEUE_SETTINGS.maxReceiveCount);
      for (const ok of ['a', 'b', 'c']) expect(received.get(ok)).toBe(1);
    } finally {
      await poller.stop();
    }
  });

  it('redelivers the whole batch when the handler throws', async () => {
    const { queueUrl } = await queuePair();
    let calls = 0;
    const bodies: string[] = [];
    const poller = source(queueUrl, async (event) => {
      calls++;
      if (calls === 1) throw new Error('crash');
      bodies.push(...event.Records.map((r) => r.body));
    });
    await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: ['x', 'y'].map((body, i) => ({ Id: String(i), MessageBody: body })) }));
    poller.start();
    try {
      await eventually(async () => bodies.length, (n) => n >= 2, 15_000);
      expect(bodies.sort()).toEqual(['x', 'y']);
    } finally {
      await poller.stop();
    }
  });

  it('keeps a slow batch invisible while it runs, so no other poller gets it (the heartbeat)', async () => {
    const { queueUrl } = await queuePair();
    const seen: string[] = [];
    const poller = source(
      queueUrl,
      async (event) => {
        seen.push(...event.Records.map((r) => r.body));
        await new Promise((r) => setTimeout(r, 3500)); // 3.5x the queue's 1 s visibility
      },
      { heartbeatVisibilitySeconds: 1, concurrency: 2 },
    );
    await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: '0', MessageBody: 'slow' }] }));
    poller.start();
    try {
      await eventually(async () => seen.length, (n) => n >= 1, 10_000);
      await new Promise((r) => setTimeout(r, 5000));
      expect(seen).toEqual(['slow']);
    } finally {
      await poller.stop();
    }
  });
});

import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

export interface EventSourceOptions {
  name: string;
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Parallel pollers (Lambda runs several for a standard queue; FIFO order is kept by the queue's message groups). */
  concurrency: number;
  handler: (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse | void>;
  /**
   * Keep a running batch invisible by extending its visibility to this many seconds until the handler returns. On AWS
   * the queue's visibility (180 s) outlasts the function's timeout, so a batch is never redelivered while it runs; the
   * local queues use a few seconds so failures come back quickly, and this keeps that guarantee anyway.
   */
  heartbeatVisibilitySeconds?: number;
  onError?: (error: unknown) => void;
}

/** SQS API calls the local event source mappings made (billed as SQS requests on AWS too). */
export const pollerMeter = { receiveRequests: 0, deleteRequests: 0 };

/**
 * Polls a queue the way Lambda's SQS event source mapping does: long polling, batches up to `batchSize` gathered within
 * the batching window, the handler invoked with an SQS event, successes deleted, `batchItemFailures` (or a thrown error:
 * the whole batch) left to reappear after the visibility timeout, and the queue's redrive policy moving a message to
 * its DLQ after maxReceiveCount receives.
 */
export class SqsEventSource {
  private running = false;
  private loops: Promise<void>[] = [];
  constructor(private readonly options: EventSourceOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const messages = await this.collectBatch();
        if (messages.length) await this.invoke(messages);
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private async collectBatch(): Promise<Message[]> {
    const { client, queueUrl, batchSize, maxBatchingWindowSeconds } = this.options;
    const batch: Message[] = [];
    const deadline = Date.now() + maxBatchingWindowSeconds * 1000;
    do {
      pollerMeter.receiveRequests++;
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
          WaitTimeSeconds: batch.length ? 0 : 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      batch.push(...Messages);
      if (!Messages.length && batch.length) break;
    } while (this.running && batch.length > 0 && batch.length < batchSize && Date.now() < deadline);
    return batch;
  }

  private async invoke(messages: Message[]): Promise<void> {
    const { client, queueUrl, handler, name } = this.options;
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failed: Set<string>;
    const heartbeat = this.startHeartbeat(messages);
    try {
      const response = await handler(event, lambdaContext(name));
      const ids = new Set(messages.map((m) => m.MessageId!));
      const reported = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      // Lambda treats an unknown or empty identifier as a failure of the whole batch.
      failed = reported.some((id) => !id || !ids.has(id)) ? ids : new Set(reported);
    } catch (error) {
      this.options.onError?.(error);
      return;
    } finally {
      clearInterval(heartbeat);
    }
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    for (let i = 0; i < done.length; i += 10) {
      pollerMeter.deleteRequests++;
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }

  private startHeartbeat(messages: Message[]): NodeJS.Timeout | undefined {
    const seconds = this.options.heartbeatVisibilitySeconds;
    if (!seconds) return undefined;
    const { client, queueUrl } = this.options;
    return setInterval(() => {
      for (let i = 0; i < messages.length; i += 10) {
        const entries = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: seconds }));
        client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries })).catch((error) => this.options.onError?.(error));
      }
    }, (seconds * 1000) / 3);
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = (message.Attributes ?? {}) as Record<string, string>;
    return {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
        ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
        ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [k, { dataType: v.DataType ?? 'String', stringValue: v.StringValue, stringListValues: [], binaryListValues: [] }]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: 'us-east-1',
    };
  }
}

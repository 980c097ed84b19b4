import { Duration } from 'aws-cdk-lib';
import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ConsumerDef, QUEUE_SETTINGS } from '../routes';
import { ArgusFunction, type FunctionBinding } from './argus-function';

export interface QueueConsumersProps {
  binding: FunctionBinding;
  consumers: readonly ConsumerDef[];
}

/**
 * One function per consumer-table entry, fed by its queue with partial batch responses (one bad message
 * never re-runs the others). Timeout is QUEUE_SETTINGS.functionTimeoutSeconds, which the queues' visibility
 * timeout is sized against.
 */
export class QueueConsumers extends Construct {
  readonly functions = new Map<string, ArgusFunction>();

  constructor(scope: Construct, id: string, props: QueueConsumersProps) {
    super(scope, id);
    const { resources } = props.binding;
    const queues: Record<ConsumerDef['queue'], sqs.IQueue> = {
      usage: resources.usageQueue,
      webhooks: resources.webhookQueue,
      meterSink: resources.meterSinkQueue,
      analytics: resources.analyticsQueue,
    };

    for (const consumer of props.consumers) {
      const constructId = `${consumer.queue}-${consumer.handler}`;
      if (this.functions.has(constructId)) throw new Error(`Consumer table lists ${constructId} twice`);
      const queue = queues[consumer.queue];
      const fn = new ArgusFunction(this, constructId, {
        binding: props.binding,
        handler: consumer.handler,
        access: consumer.access,
        timeout: Duration.seconds(QUEUE_SETTINGS.functionTimeoutSeconds),
      });
      fn.function.addEventSource(
        new lambdaEventSources.SqsEventSource(queue, {
          batchSize: consumer.batchSize,
          // FIFO event sources take no batching window (Lambda rejects one); ordering per group matters more.
          maxBatchingWindow:
            queue.fifo || consumer.maxBatchingWindowSeconds === 0 ? undefined : Duration.seconds(consumer.maxBatchingWindowSeconds),
          reportBatchItemFailures: true,
          maxConcurrency: consumer.maxConcurrency,
        }),
      );
      this.functions.set(constructId, fn);
    }
  }
}

import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_SETTINGS } from '../routes';

export interface WorkQueueProps {
  /** Queue name without the `.fifo` suffix, e.g. `argus-prod-usage`. The DLQ is `<name>-dlq`. */
  queueName: string;
  /**
   * FIFO with content-based deduplication OFF: the producer sets MessageDeduplicationId (e.g. the Stripe
   * event id) and MessageGroupId (e.g. the Stripe customer), so ordering is per group and duplicates collapse.
   */
  fifo: boolean;
}

/**
 * A queue plus its dead-letter queue with the settings every Argus queue shares: visibility timeout and
 * receive count from QUEUE_SETTINGS (visibility >= 6x the consumer timeout, as Lambda's SQS guidance asks),
 * 14-day retention (queue and DLQ), SQS-managed encryption, TLS-only access.
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    if (QUEUE_SETTINGS.visibilityTimeoutSeconds < 6 * QUEUE_SETTINGS.functionTimeoutSeconds) {
      throw new Error('QUEUE_SETTINGS.visibilityTimeoutSeconds must be at least 6x functionTimeoutSeconds');
    }
    const suffix = props.fifo ? '.fifo' : '';
    const common = {
      fifo: props.fifo ? true : undefined,
      contentBasedDeduplication: props.fifo ? false : undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...common,
      queueName: `${props.queueName}-dlq${suffix}`,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      queueName: `${props.queueName}${suffix}`,
      // The longest SQS allows: a consumer outage of days must not silently drop usage or webhooks.
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(QUEUE_SETTINGS.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: QUEUE_SETTINGS.maxReceiveCount },
    });
  }
}

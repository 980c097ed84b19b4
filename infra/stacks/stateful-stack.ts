import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';
import { DataTable } from '../constructs/data-table';
import { MailIdentity } from '../constructs/mail-identity';
import { AnalyticsLake } from '../constructs/analytics-lake';
import { StorageBuckets } from '../constructs/storage-buckets';
import { UserPool } from '../constructs/user-pool';
import { WorkQueue } from '../constructs/work-queue';

/** Everything the stateless stack binds functions to. Passed as typed props; CDK wires the cross-stack references. */
export interface StatefulResources {
  readonly table: dynamodb.ITable;
  readonly usageQueue: sqs.IQueue;
  readonly usageDeadLetterQueue: sqs.IQueue;
  readonly webhookQueue: sqs.IQueue;
  readonly webhookDeadLetterQueue: sqs.IQueue;
  /** The meter sink's fan-out: one (org, billing period) to report to Stripe per message. */
  readonly meterSinkQueue: sqs.IQueue;
  readonly meterSinkDeadLetterQueue: sqs.IQueue;
  /** Telemetry from `POST /v1/analytics/events` to the analytics consumer (rollups and the raw store). */
  readonly analyticsQueue: sqs.IQueue;
  readonly analyticsDeadLetterQueue: sqs.IQueue;
  /** The Firehose stream that writes raw telemetry as Parquet into the analytics lake (analytics-lake.ts). */
  readonly analyticsStreamArn: string;
  readonly analyticsStreamName: string;
  readonly eventBus: events.IEventBus;
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>` */
  readonly cognitoIssuer: string;
  /** The Stripe API key (plain string `sk_…`): billing functions and the meter sink only. */
  readonly stripeApiKeySecret: secretsmanager.ISecret;
  /** The Stripe webhook endpoint's signing secret (plain string `whsec_…`): the webhook receiver only. */
  readonly stripeWebhookSecret: secretsmanager.ISecret;
  /** Sync objects' bytes (versioned; CONTRACT §8). */
  readonly syncBucket: s3.IBucket;
  /** Raw analytics events (CONTRACT §8). */
  readonly analyticsBucket: s3.IBucket;
  /** The SES identity account mail is sent from (stages with `mailFrom`); `ses:SendEmail` is granted on it only. */
  readonly mailIdentityArn?: string;
}

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/** Data and identity that must outlive any deployment of the code: table, queues, user pool, bus, Stripe secrets, mail identity. */
export class StatefulStack extends Stack {
  readonly resources: StatefulResources;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = `argus-${config.stage}`;

    const table = new DataTable(this, 'Data', { retainData: config.retainData }).table;
    const usage = new WorkQueue(this, 'Usage', { queueName: `${prefix}-usage`, fifo: false });
    const webhooks = new WorkQueue(this, 'StripeWebhooks', { queueName: `${prefix}-stripe-webhooks`, fifo: true });
    const meterSink = new WorkQueue(this, 'MeterSink', { queueName: `${prefix}-meter-sink`, fifo: false });
    const analytics = new WorkQueue(this, 'Analytics', { queueName: `${prefix}-analytics`, fifo: false });
    const mail = config.mailFrom ? new MailIdentity(this, 'Mail', { from: config.mailFrom }) : undefined;
    const users = new UserPool(this, 'Users', {
      stage: config.stage,
      retainData: config.retainData,
      mailFrom: config.mailFrom,
      sso: config.sso,
    });
    const eventBus = new events.EventBus(this, 'DomainEvents', { eventBusName: prefix });
    const storage = new StorageBuckets(this, 'Storage', { stage: config.stage, retainData: config.retainData });
    const lake = new AnalyticsLake(this, 'AnalyticsLake', { stage: config.stage, bucket: storage.analyticsBucket, retainData: config.retainData });

    /*
     * Stripe credentials, one secret each (plain strings), so a function can be given one without the other: the
     * webhook receiver must not hold the key that moves money, billing must not be able to sign events. CloudFormation
     * creates them with random placeholders; the operator sets the real values once after the first deploy:
     *   aws secretsmanager put-secret-value --secret-id argus/<stage>/stripe/api-key --secret-string 'sk_live_...'
     *   aws secretsmanager put-secret-value --secret-id argus/<stage>/stripe/webhook-secret --secret-string 'whsec_...'
     * Later deploys leave the values alone.
     */
    const stripeSecret = (id: string, name: string, description: string) => {
      const secret = new secretsmanager.Secret(this, id, {
        secretName: `argus/${config.stage}/stripe/${name}`,
        description,
        removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Stripe keys are issued and rolled in the Stripe dashboard, which Secrets Manager rotation cannot drive; the ' +
          'operator rolls them there and puts the new value into this secret.',
      });
      return secret;
    };
    const stripeApiKeySecret = stripeSecret('StripeApiKey', 'api-key', 'Stripe API secret key (sk_...): billing functions and the meter sink');
    const stripeWebhookSecret = stripeSecret('StripeWebhookSecret', 'webhook-secret', 'Stripe webhook signing secret (whsec_...): the webhook receiver');

    const outputs: Record<string, [string, string]> = {
      UserPoolId: [users.userPool.userPoolId, 'Cognito user pool id'],
      UserPoolClientId: [users.client.userPoolClientId, 'Cognito app client id (no secret)'],
      UsageQueueUrl: [usage.queue.queueUrl, 'Usage events queue (other services send here)'],
      UsageDeadLetterQueueUrl: [usage.deadLetterQueue.queueUrl, 'Usage events dead-letter queue'],
      StripeWebhookQueueUrl: [webhooks.queue.queueUrl, 'Stripe webhook FIFO queue'],
      StripeWebhookDeadLetterQueueUrl: [webhooks.deadLetterQueue.queueUrl, 'Stripe webhook FIFO dead-letter queue'],
      MeterSinkDeadLetterQueueUrl: [meterSink.deadLetterQueue.queueUrl, 'Meter sink (org, period) reports that failed 5 times'],
      AnalyticsDeadLetterQueueUrl: [analytics.deadLetterQueue.queueUrl, 'Telemetry messages the analytics consumer refused or failed 5 times'],
      EventBusName: [eventBus.eventBusName, 'EventBridge bus for domain events'],
      SyncBucketName: [storage.syncBucket.bucketName, 'Sync objects (versioned)'],
      AnalyticsBucketName: [storage.analyticsBucket.bucketName, 'Raw analytics events'],
      AnalyticsGlueDatabase: [lake.database.ref, 'Glue database of the raw telemetry table `events` (Athena)'],
      AnalyticsStreamName: [lake.stream.ref, 'Firehose stream writing raw telemetry as Parquet'],
      StripeApiKeySecretArn: [stripeApiKeySecret.secretArn, 'Set the Stripe API key here after the first deploy'],
      StripeWebhookSecretArn: [stripeWebhookSecret.secretArn, 'Set the Stripe webhook signing secret here after the first deploy'],
      ...(users.domain ? { ManagedLoginUrl: [users.domain.baseUrl(), 'Managed login (SSO) base URL'] as [string, string] } : {}),
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });

    this.resources = {
      table,
      usageQueue: usage.queue,
      usageDeadLetterQueue: usage.deadLetterQueue,
      webhookQueue: webhooks.queue,
      webhookDeadLetterQueue: webhooks.deadLetterQueue,
      meterSinkQueue: meterSink.queue,
      meterSinkDeadLetterQueue: meterSink.deadLetterQueue,
      analyticsQueue: analytics.queue,
      analyticsDeadLetterQueue: analytics.deadLetterQueue,
      analyticsStreamArn: lake.stream.attrArn,
      analyticsStreamName: lake.stream.ref,
      eventBus,
      userPool: users.userPool,
      userPoolClient: users.client,
      cognitoIssuer: users.issuer,
      stripeApiKeySecret,
      stripeWebhookSecret,
      syncBucket: storage.syncBucket,
      analyticsBucket: storage.analyticsBucket,
      mailIdentityArn: mail?.arn,
    };
  }
}

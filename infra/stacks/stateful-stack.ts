import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';
import { DataTable } from '../constructs/data-table';
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
  readonly eventBus: events.IEventBus;
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>` */
  readonly cognitoIssuer: string;
  readonly stripeSecret: secretsmanager.ISecret;
}

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/** Data and identity that must outlive any deployment of the code: table, queues, user pool, bus, Stripe secret. */
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
    const users = new UserPool(this, 'Users', { stage: config.stage, retainData: config.retainData });
    const eventBus = new events.EventBus(this, 'DomainEvents', { eventBusName: prefix });

    /*
     * Stripe credentials: JSON `{ "secretKey": "sk_...", "webhookSecret": "whsec_..." }`.
     * CloudFormation creates the secret with a random placeholder; the operator sets the real value once after
     * the first deploy, e.g.
     *   aws secretsmanager put-secret-value --secret-id argus/<stage>/stripe \
     *     --secret-string '{"secretKey":"sk_live_...","webhookSecret":"whsec_..."}'
     * Later deploys leave the value alone.
     */
    const stripeSecret = new secretsmanager.Secret(this, 'StripeSecret', {
      secretName: `argus/${config.stage}/stripe`,
      description: 'Stripe API secret key and webhook signing secret: {"secretKey":"...","webhookSecret":"..."}',
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(stripeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Stripe keys are issued and rolled in the Stripe dashboard, which Secrets Manager rotation cannot drive; the ' +
        'operator rolls them there and puts the new value into this secret.',
    });

    const outputs: Record<string, [string, string]> = {
      UserPoolId: [users.userPool.userPoolId, 'Cognito user pool id'],
      UserPoolClientId: [users.client.userPoolClientId, 'Cognito app client id (no secret)'],
      UsageQueueUrl: [usage.queue.queueUrl, 'Usage events queue (other services send here)'],
      UsageDeadLetterQueueUrl: [usage.deadLetterQueue.queueUrl, 'Usage events dead-letter queue'],
      StripeWebhookQueueUrl: [webhooks.queue.queueUrl, 'Stripe webhook FIFO queue'],
      StripeWebhookDeadLetterQueueUrl: [webhooks.deadLetterQueue.queueUrl, 'Stripe webhook FIFO dead-letter queue'],
      MeterSinkDeadLetterQueueUrl: [meterSink.deadLetterQueue.queueUrl, 'Meter sink (org, period) reports that failed 5 times'],
      EventBusName: [eventBus.eventBusName, 'EventBridge bus for domain events'],
      StripeSecretArn: [stripeSecret.secretArn, 'Set its value after the first deploy (see the stack source)'],
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
      eventBus,
      userPool: users.userPool,
      userPoolClient: users.client,
      cognitoIssuer: users.issuer,
      stripeSecret,
    };
  }
}

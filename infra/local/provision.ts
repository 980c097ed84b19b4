import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TABLE_KEYS } from '../../shared/db/table';
import { QUEUE_SETTINGS } from '../routes';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators/dynamodb';
import type { PersistentState } from './state';

const aws = () => ({ region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });

/** Local queues redeliver after a few seconds instead of AWS's 180 s, so retries and DLQ moves happen while you watch. */
export const LOCAL_VISIBILITY_TIMEOUT_SECONDS = 3;

/** Creates the single table (same keys as the CDK table) unless it exists already. */
export async function provisionTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ ...aws(), endpoint });
  const { partitionKey, sortKey, gsi1, ttlAttribute } = TABLE_KEYS;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [partitionKey, sortKey, gsi1.partitionKey, gsi1.sortKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: gsi1.name,
            KeySchema: [
              { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}

export interface LocalQueues {
  usageQueueUrl: string;
  usageDlqUrl: string;
  webhookQueueUrl: string;
  webhookDlqUrl: string;
  meterSinkQueueUrl: string;
  meterSinkDlqUrl: string;
  analyticsQueueUrl: string;
  analyticsDlqUrl: string;
}

/** The usage queue, the Stripe webhook FIFO queue, the meter sink's fan-out queue and the analytics queue, each with a DLQ after maxReceiveCount receives, as in the CDK stack. */
export async function provisionQueues(endpoint: string, prefix: string): Promise<LocalQueues> {
  const client = new SQSClient({ ...aws(), endpoint });
  const create = async (name: string, attributes: Record<string, string>) => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };
  const redrive = (dlqArn: string) => JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: QUEUE_SETTINGS.maxReceiveCount });
  const visibility = String(LOCAL_VISIBILITY_TIMEOUT_SECONDS);
  try {
    const usageDlq = await create(`${prefix}-usage-dlq`, { MessageRetentionPeriod: '1209600' });
    const usage = await create(`${prefix}-usage`, { VisibilityTimeout: visibility, RedrivePolicy: redrive(usageDlq.arn) });
    const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'false' };
    const webhookDlq = await create(`${prefix}-stripe-webhooks-dlq.fifo`, { ...fifo, MessageRetentionPeriod: '1209600' });
    const webhooks = await create(`${prefix}-stripe-webhooks.fifo`, { ...fifo, VisibilityTimeout: visibility, RedrivePolicy: redrive(webhookDlq.arn) });
    const meterSinkDlq = await create(`${prefix}-meter-sink-dlq`, { MessageRetentionPeriod: '1209600' });
    const meterSink = await create(`${prefix}-meter-sink`, { VisibilityTimeout: visibility, RedrivePolicy: redrive(meterSinkDlq.arn) });
    const analyticsDlq = await create(`${prefix}-analytics-dlq`, { MessageRetentionPeriod: '1209600' });
    const analytics = await create(`${prefix}-analytics`, { VisibilityTimeout: visibility, RedrivePolicy: redrive(analyticsDlq.arn) });
    return {
      usageQueueUrl: usage.url,
      usageDlqUrl: usageDlq.url,
      webhookQueueUrl: webhooks.url,
      webhookDlqUrl: webhookDlq.url,
      meterSinkQueueUrl: meterSink.url,
      meterSinkDlqUrl: meterSinkDlq.url,
      analyticsQueueUrl: analytics.url,
      analyticsDlqUrl: analyticsDlq.url,
    };
  } finally {
    client.destroy();
  }
}

export interface LocalBuckets {
  syncBucket: string;
  analyticsBucket: string;
}

/**
 * The sync and analytics buckets of the stateful stack (CreateBucket is idempotent on the emulator). The emulator has
 * no versioning, lifecycle or encryption settings: sync keys every version under its own key (shared/db/sync-objects.ts)
 * and verifies bytes at commit, so nothing the code relies on is missing locally.
 */
export async function provisionBuckets(endpoint: string, prefix: string): Promise<LocalBuckets> {
  const client = new S3Client({ ...aws(), endpoint, forcePathStyle: true });
  const buckets = { syncBucket: `${prefix}-sync`, analyticsBucket: `${prefix}-analytics` };
  try {
    for (const Bucket of Object.values(buckets)) await client.send(new CreateBucketCommand({ Bucket }));
    return buckets;
  } finally {
    client.destroy();
  }
}

/** The user pool and app client, created once and then reused (their ids live in the persistent state). */
export async function provisionUserPool(endpoint: string, state: PersistentState): Promise<{ userPoolId: string; clientId: string }> {
  const client = new CognitoIdentityProviderClient({ ...aws(), endpoint });
  try {
    if (state.userPoolId && state.clientId) {
      const exists = await client.send(new DescribeUserPoolCommand({ UserPoolId: state.userPoolId })).then(() => true, () => false);
      if (exists) return { userPoolId: state.userPoolId, clientId: state.clientId };
    }
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'argus-local',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        // As the CDK pool: users may turn on TOTP; nobody must.
        MfaConfiguration: 'OPTIONAL',
        Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: false } },
      }),
    );
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id!,
        ClientName: 'argus-api',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    return { userPoolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId! };
  } finally {
    client.destroy();
  }
}

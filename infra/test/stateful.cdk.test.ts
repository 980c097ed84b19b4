import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_KEYS } from '../../shared/db/table';
import { DEDUPE_TTL_SECONDS } from '../../shared/db/usage-keys';
import { QUEUE_SETTINGS } from '../routes';
import { SAMPLE_TABLES, synthArgus } from './helpers';

describe('stateful stack', () => {
  const { stateful, stateful$: t } = synthArgus('prod', SAMPLE_TABLES);

  it('is named per stage', () => {
    expect(stateful.stackName).toBe('Argus-prod-Stateful');
  });

  it('has one table with the shared key schema, GSI1, TTL, PITR, on-demand billing and AWS-managed encryption', () => {
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'GSI1SK', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('retains the table, user pool and secret on prod', () => {
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    t.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    t.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    t.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('deletes them on dev', () => {
    const { stateful$: dev } = synthArgus('dev', SAMPLE_TABLES);
    dev.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    dev.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    dev.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  it('has a standard usage queue redriving to its DLQ after 5 receives, visibility >= 6x the consumer timeout', () => {
    expect(QUEUE_SETTINGS.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * QUEUE_SETTINGS.functionTimeoutSeconds);
    t.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'argus-prod-usage',
      FifoQueue: Match.absent(),
      VisibilityTimeout: QUEUE_SETTINGS.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    t.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'argus-prod-usage-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  it('keeps usage messages no longer than an event id stays deduplicated (35-day window + retention < dedupe TTL)', () => {
    const usageQueues = Object.values(t.findResources('AWS::SQS::Queue')).filter((q: any) => String(q.Properties.QueueName).startsWith('argus-prod-usage'));
    expect(usageQueues).toHaveLength(2);
    for (const queue of usageQueues as Array<{ Properties: { MessageRetentionPeriod?: number } }>) {
      // SQS keeps a message 4 days unless told otherwise; a message redriven from the DLQ can add the DLQ's retention.
      const retention = queue.Properties.MessageRetentionPeriod ?? 4 * 86_400;
      expect(35 * 86_400 + retention).toBeLessThan(DEDUPE_TTL_SECONDS);
    }
  });

  it('has a standard meter sink queue (one (org, period) per message) redriving to its DLQ after 5 receives', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'argus-prod-meter-sink',
      FifoQueue: Match.absent(),
      VisibilityTimeout: QUEUE_SETTINGS.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    t.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'argus-prod-meter-sink-dlq', MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('has a FIFO webhook queue without content-based dedup, redriving to a FIFO DLQ', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'argus-prod-stripe-webhooks.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: false,
      VisibilityTimeout: QUEUE_SETTINGS.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    t.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'argus-prod-stripe-webhooks-dlq.fifo',
      FifoQueue: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('refuses non-TLS access on every queue', () => {
    const policies = t.findResources('AWS::SQS::QueuePolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
    });
    expect(Object.keys(policies)).toHaveLength(8); // usage, webhooks, meter sink, analytics: each queue and its DLQ
  });

  it('has a user pool signing in by email with self sign-up, email verification and the contract password policy', () => {
    t.resourceCountIs('AWS::Cognito::UserPool', 1);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true }),
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('has a public app client: password + SRP auth, 1 h tokens, 30-day refresh, no user-existence errors', () => {
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('lets users turn on TOTP (never SMS) and revokes tokens on logout', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { EnableTokenRevocation: true });
  });

  it('has the domain event bus and two Stripe secrets: the API key and the webhook signing secret apart', () => {
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'argus-prod' });
    t.resourceCountIs('AWS::SecretsManager::Secret', 2);
    t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'argus/prod/stripe/api-key' });
    t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'argus/prod/stripe/webhook-secret' });
  });

  describe('storage buckets (CONTRACT §8)', () => {
    const buckets = () => t.findResources('AWS::S3::Bucket') as Record<string, { Properties: Record<string, any>; DeletionPolicy?: string }>;
    const byLogId = (re: RegExp) => {
      const found = Object.entries(buckets()).filter(([id]) => re.test(id));
      expect(found).toHaveLength(1);
      return found[0];
    };
    const [syncId, sync] = byLogId(/^StorageSync/);
    const [analyticsId, analytics] = byLogId(/^StorageAnalytics/);
    const [logsId, logs] = byLogId(/^StorageAccessLogs/);

    it('has the sync, analytics and access-log buckets and no other', () => {
      t.resourceCountIs('AWS::S3::Bucket', 3);
    });

    it('versions sync only', () => {
      expect(sync.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(analytics.Properties.VersioningConfiguration).toBeUndefined();
      expect(logs.Properties.VersioningConfiguration).toBeUndefined();
    });

    it.each([
      ['sync', () => sync],
      ['analytics', () => analytics],
      ['access logs', () => logs],
    ])('%s: private, encrypted at rest, ACLs off', (_name, bucket) => {
      const { Properties } = bucket();
      expect(Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    });

    it.each([
      ['sync', () => syncId],
      ['analytics', () => analyticsId],
      ['access logs', () => logsId],
    ])('%s: refuses every request not over TLS', (_name, id) => {
      t.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id() },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('expires noncurrent versions and leftover delete markers after 30 days (deleted sync objects stay recoverable that long)', () => {
      for (const bucket of [sync, analytics]) {
        expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
          expect.objectContaining({
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
        ]);
      }
      expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 90 })]);
    });

    it('logs sync and analytics requests to the access-log bucket', () => {
      expect(sync.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'sync/' });
      expect(analytics.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'analytics/' });
    });

    it('retains the buckets on prod, deletes them on dev', () => {
      for (const bucket of [sync, analytics, logs]) expect(bucket.DeletionPolicy).toBe('Retain');
      const { stateful$: dev } = synthArgus('dev', SAMPLE_TABLES);
      for (const bucket of Object.values(dev.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Delete');
    });
  });

  it('outputs what operators and other services need', () => {
    for (const id of ['UserPoolId', 'UserPoolClientId', 'UsageQueueUrl', 'StripeWebhookQueueUrl', 'EventBusName', 'StripeApiKeySecretArn', 'StripeWebhookSecretArn', 'SyncBucketName', 'AnalyticsBucketName']) {
      t.hasOutput(id, {});
    }
  });
});

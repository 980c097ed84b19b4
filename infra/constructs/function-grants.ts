import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { TABLE_KEYS } from '../../shared/db/table';
import type { StageConfig } from '../config/stages';
import type { BucketAccess, BucketName, CognitoAdminAction, FunctionAccess, QueueName, StripeSecretName, TableWriteScope } from '../function-access';
import type { StatefulResources } from '../stacks/stateful-stack';
import { storageBucketName } from './storage-buckets';
import type { HoldExpiryTargetRef } from './hold-expiry';

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/** Transactions need no actions of their own: each item in one is authorized as its Put/Update/Delete/ConditionCheck. */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;

/**
 * Partition-key prefixes of the items a narrow write scope may touch, and what it may do there. They mirror the key
 * builders (`rateCounterKeys` in shared/ratelimit/window-counter.ts, `licenseKeys` in shared/db/licenses.ts), which
 * cannot be imported here (they open the table client at load); table-write-scopes.test.ts holds them equal.
 */
export const TABLE_WRITE_SCOPE_KEYS: Record<TableWriteScope, { partitionPrefixes: string[]; actions: string[] }[]> = {
  'rate-counters': [{ partitionPrefixes: ['RATE#'], actions: ['dynamodb:UpdateItem'] }],
  'license-devices': [
    { partitionPrefixes: ['LICENSEMACHINE#'], actions: ['dynamodb:PutItem'] },
    // The `devices` counter lives on the license item, in its org's partition (ADD devices in the activation transaction).
    { partitionPrefixes: ['ORG#'], actions: ['dynamodb:UpdateItem'] },
  ],
  'operator-stats': [{ partitionPrefixes: ['OPSTAT#'], actions: ['dynamodb:UpdateItem'] }],
  'active-users': [{ partitionPrefixes: ['ANLACTIVE#'], actions: ['dynamodb:PutItem'] }],
};

/** What each bucket access level may do: object actions on `<bucket>/*`, bucket actions on the bucket itself. */
export const BUCKET_ACTIONS: Record<BucketAccess, { object: string[]; bucket: string[] }> = {
  read: { object: ['s3:GetObject'], bucket: ['s3:ListBucket'] },
  write: { object: ['s3:PutObject', 's3:DeleteObject'], bucket: [] },
  readwrite: { object: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], bucket: ['s3:ListBucket'] },
};

/** The environment variable naming each bucket (shared/storage/*-bucket.ts reads it). */
export const BUCKET_ENV: Record<BucketName, string> = { sync: 'SYNC_BUCKET', analytics: 'ANALYTICS_BUCKET' };

/** Cognito actions granted only where the stage allows what they do. */
const STAGE_GATED_COGNITO: Partial<Record<CognitoAdminAction, (config: StageConfig) => boolean>> = {
  AdminConfirmSignUp: (config) => config.autoConfirmSignUp,
};

/** The settings a function gets for what it may touch (nothing else: least knowledge as well as least privilege). */
export function accessEnvironment(access: FunctionAccess, resources: StatefulResources, config: StageConfig): Record<string, string> {
  const env: Record<string, string> = {};
  const secrets = new Set(access.secrets ?? []);
  if (secrets.has('stripeApiKey')) env.STRIPE_API_KEY_SECRET_ARN = resources.stripeApiKeySecret.secretArn;
  if (secrets.has('stripeWebhookSecret')) env.STRIPE_WEBHOOK_SECRET_ARN = resources.stripeWebhookSecret.secretArn;
  if (access.analyticsStream) env.ANALYTICS_FIREHOSE_STREAM = resources.analyticsStreamName;
  for (const name of Object.keys(access.buckets ?? {}) as BucketName[]) env[BUCKET_ENV[name]] = storageBucketName(config.stage, name);
  return env;
}

/** Grants `fn` exactly what `access` declares. */
export function grantAccess(fn: lambda.IFunction, access: FunctionAccess, config: StageConfig, resources: StatefulResources): void {
  const table = resources.table;
  // The table and GSI1 by name (grantReadData would add `index/*`, a wildcard).
  const tableArns = [table.tableArn, `${table.tableArn}/index/${TABLE_KEYS.gsi1.name}`];
  if (access.table) {
    const actions = access.table === 'write' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : [...TABLE_READ_ACTIONS];
    iam.Grant.addToPrincipal({ grantee: fn, actions, resourceArns: tableArns });
  }
  if (access.tableWrites?.length && access.table !== 'write') {
    for (const scope of new Set(access.tableWrites)) {
      for (const { partitionPrefixes, actions } of TABLE_WRITE_SCOPE_KEYS[scope]) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions,
            resources: [table.tableArn],
            // ForAllValues over the request's partition keys: every item written must lie under a listed prefix.
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitionPrefixes.map((p) => `${p}*`) } },
          }),
        );
      }
    }
  }

  const queues: Record<QueueName, sqs.IQueue> = {
    usage: resources.usageQueue,
    'usage-dlq': resources.usageDeadLetterQueue,
    meterSink: resources.meterSinkQueue,
    webhooks: resources.webhookQueue,
    analytics: resources.analyticsQueue,
    'analytics-dlq': resources.analyticsDeadLetterQueue,
  };
  for (const name of new Set(access.queues ?? [])) queues[name].grantSendMessages(fn);

  const cognitoActions = [...new Set(access.cognito ?? [])].filter((a) => STAGE_GATED_COGNITO[a]?.(config) ?? true);
  if (cognitoActions.length) resources.userPool.grant(fn, ...cognitoActions.map((a) => `cognito-idp:${a}`));

  const secrets: Record<StripeSecretName, StatefulResources['stripeApiKeySecret']> = {
    stripeApiKey: resources.stripeApiKeySecret,
    stripeWebhookSecret: resources.stripeWebhookSecret,
  };
  for (const name of new Set(access.secrets ?? [])) secrets[name].grantRead(fn);

  if (access.events) resources.eventBus.grantPutEventsTo(fn);

  if (access.analyticsStream) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [resources.analyticsStreamArn] }));
  }

  for (const [name, level] of Object.entries(access.buckets ?? {}) as [BucketName, BucketAccess][]) {
    const { object, bucket } = BUCKET_ACTIONS[level];
    const stack = Stack.of(fn);
    const bucketArn = stack.formatArn({ service: 's3', region: '', account: '', resource: storageBucketName(config.stage, name) });
    const objectsArn = `${bucketArn}/*`;
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: object, resources: [objectsArn] }));
    if (bucket.length) fn.addToRolePolicy(new iam.PolicyStatement({ actions: bucket, resources: [bucketArn] }));
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(stack.resolve(objectsArn))}]`,
      reason: `S3 object actions name objects, and the ${name} bucket's keys are one per object (chosen by Argus, never a caller): the grant covers that one bucket's objects.`,
    });
  }

  // A stage without mailFrom (local) sends no mail through SES: sendMail writes the local outbox instead.
  if (access.mail && config.mailFrom && resources.mailIdentityArn) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [resources.mailIdentityArn],
        // Only from the stage's own address, whatever the function is told to put in From.
        conditions: { StringEquals: { 'ses:FromAddress': config.mailFrom } },
      }),
    );
  }
}

/** A resolved CloudFormation value as cdk-nag writes it in finding ids (`<AWS::Region>` for a Ref; joins flattened). */
/**
 * `holdSchedules`: create schedules in the hold-expiry group only (their names are hold ids, hence the group's `/*`),
 * and pass Scheduler the one role that may invoke the hold-expire function.
 */
export function grantHoldSchedules(fn: lambda.IFunction, target: HoldExpiryTargetRef): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [target.schedulesArn] }));
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [target.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
  );
  const stack = Stack.of(fn);
  Validations.of(fn.role ?? fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagResource(stack.resolve(target.schedulesArn))}]`,
    reason: 'Each hold gets its own one-time schedule named by its id, so CreateSchedule names the hold-expiry group\'s schedules; nothing outside that group.',
  });
}

function nagResource(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (node.Ref) return `<${node.Ref}>`;
  if (node['Fn::Join']) return node['Fn::Join'][1].map(nagResource).join(node['Fn::Join'][0]);
  return JSON.stringify(value);
}

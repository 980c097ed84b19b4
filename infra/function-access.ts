/**
 * What one function may touch on AWS, declared beside its entry in the route table (infra/routes.ts) and granted from
 * there only (infra/constructs/function-grants.ts). Declare what the handler's code paths reach in `shared/`, nothing
 * more: a function that is not declared to touch something gets no permission for it.
 *
 * No imports on purpose: handlers import infra/routes.ts, and this file must not pull CDK or the table layer into them.
 */

/** Queues a function sends to. Consuming is granted by the event source mapping, not here. */
export const QUEUE_NAMES = ['usage', 'usage-dlq', 'webhooks', 'meterSink', 'analytics', 'analytics-dlq'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Cognito actions that need IAM. The public user-pool calls (SignUp, ConfirmSignUp, InitiateAuth, ForgotPassword,
 * ConfirmForgotPassword, RevokeToken, the software-token calls with a user's access token) are not IAM-authorized and are
 * never declared. `AdminConfirmSignUp` is granted only on a stage that auto-confirms sign-up (the local stage).
 */
export const COGNITO_ADMIN_ACTIONS = [
  'AdminGetUser',
  'AdminConfirmSignUp',
  // Sign-up replaces an address's never-confirmed account (no squatting an email).
  'AdminDeleteUser',
  // Ends every session of a user (e.g. after a password reset); cognito-local lacks it, AWS needs IAM for it.
  'AdminUserGlobalSignOut',
] as const;
export type CognitoAdminAction = (typeof COGNITO_ADMIN_ACTIONS)[number];

/** The two Stripe secrets: the API key moves money, the webhook signing secret vouches for events. Never both. */
export const STRIPE_SECRET_NAMES = ['stripeApiKey', 'stripeWebhookSecret'] as const;
export type StripeSecretName = (typeof STRIPE_SECRET_NAMES)[number];

/**
 * Writes narrower than `table: 'write'`, limited by partition key (IAM `dynamodb:LeadingKeys`) to the items named:
 * - `rate-counters`: the fixed-window counters of the rate limiters (per org, per user, per IP, per license key);
 * - `license-devices`: a license's machine items and the `devices` counter on the license item;
 * - `operator-stats`: the hourly counters behind the operator metrics (shared/operator);
 * - `active-users`: the per-day active-user markers behind dau/mau (shared/analytics/mark-active.ts), one put per user per day.
 */
export const TABLE_WRITE_SCOPES = ['rate-counters', 'license-devices', 'operator-stats', 'active-users'] as const;
export type TableWriteScope = (typeof TABLE_WRITE_SCOPES)[number];

/** The S3 buckets of the stateful stack (CONTRACT §8). */
export const BUCKET_NAMES = ['sync', 'analytics'] as const;
export type BucketName = (typeof BUCKET_NAMES)[number];
/**
 * `read`: GetObject (also what a presigned GET it signs needs) and ListBucket (so a missing key answers 404, not 403).
 * `write`: PutObject (also a presigned PUT) and DeleteObject. `readwrite`: both.
 */
export type BucketAccess = 'read' | 'write' | 'readwrite';

export interface FunctionAccess {
  /**
   * `read`: GetItem, BatchGetItem, Query (table and GSI1). `write`: also PutItem, UpdateItem, DeleteItem and
   * ConditionCheckItem on any item (transactions need nothing more). Scan and BatchWriteItem are never granted.
   */
  readonly table?: 'read' | 'write';
  /** Writes limited to some items (with or without `table: 'read'`); pointless beside `table: 'write'`. */
  readonly tableWrites?: readonly TableWriteScope[];
  /** Queues the function sends messages to. */
  readonly queues?: readonly QueueName[];
  readonly cognito?: readonly CognitoAdminAction[];
  readonly secrets?: readonly StripeSecretName[];
  /** Publishes domain events to the stage's EventBridge bus. */
  readonly events?: boolean;
  /** Buckets the function reads or writes objects in; each one declared also gives it `<NAME>_BUCKET`. */
  readonly buckets?: { readonly [B in BucketName]?: BucketAccess };
  /** Sends account mail through SES (`shared/mail/send-mail.ts`) from the stage's `mailFrom` identity. */
  readonly mail?: boolean;
  /**
   * Creates the one-time EventBridge Scheduler schedules that release expired holds (`scheduler:CreateSchedule` in the
   * hold-expiry group, `iam:PassRole` of the role Scheduler invokes the hold-expire function with; nothing else).
   */
  readonly holdSchedules?: boolean;
  /** Puts raw telemetry on the analytics Firehose stream (`firehose:PutRecordBatch`; shared/analytics/firehose-sink.ts). */
  readonly analyticsStream?: boolean;
}

/**
 * Every authenticated route's plumbing: the org check reads memberships, the per-org rate limiter counts requests, and a
 * user's request marks the user active today (dau/mau).
 */
export const AUTHENTICATED_READ: FunctionAccess = { table: 'read', tableWrites: ['rate-counters', 'active-users'] };

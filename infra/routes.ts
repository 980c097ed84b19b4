/**
 * The one route table. The CDK API (infra/stacks) and the local runner (infra/local) both read it,
 * so a route exists in exactly one place: method, path, handler folder, auth kind, key scopes, org role.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `none`: public. `jwt`: Cognito access token (native JWT authorizer). `jwt-or-key`: Lambda authorizer (token or API key). */
export type AuthKind = 'none' | 'jwt' | 'jwt-or-key';

export const API_KEY_SCOPES = ['read', 'usage:write', 'quota:check'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ORG_ROLES = ['member', 'admin', 'owner'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/orgs/{orgId}` */
  path: string;
  /** Folder under functions/ holding `handler.ts`. */
  handler: string;
  auth: AuthKind;
  /** API-key scopes accepted on `jwt-or-key` routes (any one suffices). */
  scopes?: ApiKeyScope[];
  /** Least org role needed on org-scoped routes (paths with `{orgId}`). */
  role?: OrgRole;
  /** Raw body needed (webhooks): the body is passed through untouched. */
  rawBody?: boolean;
}

export const routes: RouteDef[] = [
  { method: 'GET', path: '/health', handler: 'health', auth: 'none' },
  // Auth (public) and identity (CONTRACT §3)
  { method: 'POST', path: '/v1/auth/signup', handler: 'auth-signup', auth: 'none' },
  { method: 'POST', path: '/v1/auth/confirm', handler: 'auth-confirm', auth: 'none' },
  { method: 'POST', path: '/v1/auth/login', handler: 'auth-login', auth: 'none' },
  { method: 'POST', path: '/v1/auth/refresh', handler: 'auth-refresh', auth: 'none' },
  { method: 'POST', path: '/v1/auth/forgot-password', handler: 'auth-forgot-password', auth: 'none' },
  { method: 'POST', path: '/v1/auth/reset-password', handler: 'auth-reset-password', auth: 'none' },
  { method: 'POST', path: '/v1/auth/resend-code', handler: 'auth-resend-code', auth: 'none' },
  { method: 'POST', path: '/v1/auth/logout', handler: 'auth-logout', auth: 'none' },
  { method: 'POST', path: '/v1/auth/mfa', handler: 'auth-mfa', auth: 'none' },
  { method: 'POST', path: '/v1/me/mfa/totp', handler: 'mfa-totp-start', auth: 'jwt' },
  { method: 'POST', path: '/v1/me/mfa/totp/verify', handler: 'mfa-totp-verify', auth: 'jwt' },
  { method: 'DELETE', path: '/v1/me/mfa', handler: 'mfa-disable', auth: 'jwt' },
  { method: 'GET', path: '/v1/me', handler: 'get-me', auth: 'jwt' },
  { method: 'POST', path: '/v1/orgs', handler: 'create-org', auth: 'jwt' },
  { method: 'GET', path: '/v1/orgs/{orgId}', handler: 'get-org', auth: 'jwt', role: 'member' },
  { method: 'GET', path: '/v1/orgs/{orgId}/members', handler: 'list-members', auth: 'jwt', role: 'member' },
  { method: 'POST', path: '/v1/orgs/{orgId}/members', handler: 'add-member', auth: 'jwt', role: 'admin' },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/members/{userId}', handler: 'remove-member', auth: 'jwt', role: 'admin' },
  { method: 'POST', path: '/v1/orgs/{orgId}/api-keys', handler: 'create-api-key', auth: 'jwt', role: 'admin' },
  { method: 'GET', path: '/v1/orgs/{orgId}/api-keys', handler: 'list-api-keys', auth: 'jwt', role: 'admin' },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/api-keys/{keyId}', handler: 'revoke-api-key', auth: 'jwt', role: 'admin' },
  { method: 'GET', path: '/v1/orgs/{orgId}/entitlements', handler: 'get-entitlements', auth: 'jwt-or-key', scopes: ['read'], role: 'member' },
  { method: 'POST', path: '/v1/entitlements/check', handler: 'check-entitlement', auth: 'jwt-or-key', scopes: ['read', 'quota:check'] },
  // Enforcement (issue #6)
  { method: 'POST', path: '/v1/quota/check', handler: 'quota-check', auth: 'jwt-or-key', scopes: ['quota:check'] },
  // Usage metering (issue #5)
  { method: 'POST', path: '/v1/usage', handler: 'usage-ingest', auth: 'jwt-or-key', scopes: ['usage:write'] },
  { method: 'GET', path: '/v1/orgs/{orgId}/usage', handler: 'usage-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member' },
  { method: 'GET', path: '/v1/orgs/{orgId}/usage/{metric}', handler: 'usage-metric-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member' },
  // Licenses (issue #6)
  { method: 'POST', path: '/v1/orgs/{orgId}/licenses', handler: 'license-create', auth: 'jwt', role: 'admin' },
  { method: 'GET', path: '/v1/orgs/{orgId}/licenses', handler: 'license-list', auth: 'jwt', role: 'member' },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/licenses/{licenseId}', handler: 'license-revoke', auth: 'jwt', role: 'admin' },
  { method: 'POST', path: '/v1/licenses/validate', handler: 'license-validate', auth: 'none' },
  // Plans and billing (issue #4): members read, owners/admins change billing
  { method: 'GET', path: '/v1/plans', handler: 'plans-list', auth: 'none' },
  { method: 'POST', path: '/v1/orgs/{orgId}/checkout', handler: 'billing-checkout', auth: 'jwt', role: 'admin' },
  { method: 'POST', path: '/v1/orgs/{orgId}/portal', handler: 'billing-portal', auth: 'jwt', role: 'admin' },
  { method: 'GET', path: '/v1/orgs/{orgId}/subscription', handler: 'subscription-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member' },
  { method: 'POST', path: '/v1/orgs/{orgId}/subscription/preview', handler: 'subscription-preview', auth: 'jwt', role: 'admin' },
  { method: 'PATCH', path: '/v1/orgs/{orgId}/subscription', handler: 'subscription-update', auth: 'jwt', role: 'admin' },
  { method: 'GET', path: '/v1/orgs/{orgId}/invoices', handler: 'invoices-list', auth: 'jwt-or-key', scopes: ['read'], role: 'member' },
  { method: 'GET', path: '/v1/orgs/{orgId}/invoices/{invoiceId}', handler: 'invoice-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member' },
  { method: 'POST', path: '/v1/webhooks/stripe', handler: 'stripe-webhook', auth: 'none', rawBody: true },
];

/** Queue-driven functions: the CDK event source mappings and the local poller read this. */
export interface ConsumerDef {
  handler: string;
  queue: 'usage' | 'webhooks';
  batchSize: number;
  /** Seconds the poller waits to fill a batch (standard queues only). */
  maxBatchingWindowSeconds: number;
}

export const consumers: ConsumerDef[] = [
  { handler: 'usage-aggregator', queue: 'usage', batchSize: 100, maxBatchingWindowSeconds: 1 },
  // Stripe webhooks (issue #4): FIFO, one message group per Stripe customer
  { handler: 'stripe-webhook-processor', queue: 'webhooks', batchSize: 10, maxBatchingWindowSeconds: 0 },
];

/** Functions run on a schedule (EventBridge Scheduler in AWS, a timer locally). */
export interface ScheduleDef {
  handler: string;
  everyMinutes: number;
}

export const schedules: ScheduleDef[] = [{ handler: 'usage-meter-sink', everyMinutes: 5 }];

/** Settings every queue-driven function shares (ARCHITECTURE: visibility >= 6x timeout, 5 receives then DLQ). */
export const QUEUE_SETTINGS = {
  functionTimeoutSeconds: 30,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
} as const;

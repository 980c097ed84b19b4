/**
 * The one route table. The CDK API (infra/stacks) and the local runner (infra/local) both read it,
 * so a route exists in exactly one place: method, path, handler folder, auth kind, key scopes, org role.
 */
import { API_KEY_SCOPES, type ApiKeyScope, type OrgRole } from '../shared/identity/roles';
import { AUTHENTICATED_READ as READ, type FunctionAccess } from './function-access';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `none`: public. `jwt`: Cognito access token (native JWT authorizer). `jwt-or-key`: Lambda authorizer (token or API key). */
export type AuthKind = 'none' | 'jwt' | 'jwt-or-key';

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
  /** Only the platform service key (an API key of no org) may call it: operator routes. */
  platform?: true;
  /** Raw body needed (webhooks): the body is passed through untouched. */
  rawBody?: boolean;
  /** What the function may touch on AWS (infra/function-access.ts); the only source of its permissions. */
  access: FunctionAccess;
}

/** Per-IP limits of anonymous routes (auth, license validation, failed webhook signatures) write rate counters. */
const PER_IP_LIMITED: FunctionAccess = { tableWrites: ['rate-counters'] };
const BILLING: FunctionAccess = { table: 'write', secrets: ['stripeApiKey'] };
const BILLING_READ: FunctionAccess = { ...READ, secrets: ['stripeApiKey'] };

/** The Lambda authorizer of `jwt-or-key` routes: verifies tokens (JWKS over HTTPS, no IAM) and looks API keys up. */
export const authorizer = { handler: 'authorizer', access: { table: 'read' } } as const satisfies { handler: string; access: FunctionAccess };

/** The function a hold's one-time schedule invokes at its expiry (shared/holds/schedule-expiry.ts): releases the hold. */
export const holdExpiryTarget = { handler: 'hold-expire', access: { table: 'write' } } as const satisfies { handler: string; access: FunctionAccess };

export const routes: RouteDef[] = [
  { method: 'GET', path: '/health', handler: 'health', auth: 'none', access: {} },
  // Auth (public) and identity (CONTRACT §3)
  { method: 'POST', path: '/v1/auth/signup', handler: 'auth-signup', auth: 'none', access: { table: 'write', cognito: ['AdminGetUser', 'AdminDeleteUser', 'AdminConfirmSignUp'] } },
  { method: 'POST', path: '/v1/auth/confirm', handler: 'auth-confirm', auth: 'none', access: { table: 'write', cognito: ['AdminGetUser'] } },
  { method: 'POST', path: '/v1/auth/login', handler: 'auth-login', auth: 'none', access: { table: 'write' } },
  { method: 'POST', path: '/v1/auth/refresh', handler: 'auth-refresh', auth: 'none', access: { table: 'read', tableWrites: ['rate-counters'] } },
  { method: 'POST', path: '/v1/auth/forgot-password', handler: 'auth-forgot-password', auth: 'none', access: PER_IP_LIMITED },
  { method: 'POST', path: '/v1/auth/reset-password', handler: 'auth-reset-password', auth: 'none', access: { table: 'write', cognito: ['AdminGetUser', 'AdminUserGlobalSignOut'] } },
  { method: 'POST', path: '/v1/auth/resend-code', handler: 'auth-resend-code', auth: 'none', access: PER_IP_LIMITED },
  { method: 'POST', path: '/v1/auth/logout', handler: 'auth-logout', auth: 'none', access: { table: 'write' } },
  { method: 'POST', path: '/v1/auth/mfa', handler: 'auth-mfa', auth: 'none', access: { table: 'write' } },
  { method: 'POST', path: '/v1/me/mfa/totp', handler: 'mfa-totp-start', auth: 'jwt', access: { ...READ, cognito: ['AdminGetUser'] } },
  // MFA changes write their audit entries (shared/audit/record-mfa-change.ts).
  { method: 'POST', path: '/v1/me/mfa/totp/verify', handler: 'mfa-totp-verify', auth: 'jwt', access: { table: 'write' } },
  { method: 'DELETE', path: '/v1/me/mfa', handler: 'mfa-disable', auth: 'jwt', access: { table: 'write', cognito: ['AdminGetUser'] } },
  { method: 'GET', path: '/v1/me', handler: 'get-me', auth: 'jwt', access: { table: 'write', cognito: ['AdminGetUser'] } },
  { method: 'POST', path: '/v1/orgs', handler: 'create-org', auth: 'jwt', access: { table: 'write' } },
  { method: 'GET', path: '/v1/orgs/{orgId}', handler: 'get-org', auth: 'jwt', role: 'member', access: READ },
  { method: 'GET', path: '/v1/orgs/{orgId}/members', handler: 'list-members', auth: 'jwt', role: 'member', access: READ },
  { method: 'PATCH', path: '/v1/orgs/{orgId}/members/{userId}', handler: 'member-role-change', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  // Members may leave (their own userId); removing anyone else needs admin, checked in shared/identity/org-members.ts.
  // Membership changes keep the Stripe seat quantity of a plan that bills seats in step (shared/billing/sync-seats.ts).
  { method: 'DELETE', path: '/v1/orgs/{orgId}/members/{userId}', handler: 'remove-member', auth: 'jwt', role: 'member', access: BILLING },
  // Invitations replace direct adds (CONTRACT v1.1 §3)
  { method: 'POST', path: '/v1/orgs/{orgId}/invitations', handler: 'invitation-create', auth: 'jwt', role: 'admin', access: { table: 'write', mail: true } },
  { method: 'GET', path: '/v1/orgs/{orgId}/invitations', handler: 'invitation-list', auth: 'jwt', role: 'admin', access: READ },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/invitations/{invitationId}', handler: 'invitation-delete', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  { method: 'GET', path: '/v1/me/invitations', handler: 'invitation-list-mine', auth: 'jwt', access: READ },
  { method: 'POST', path: '/v1/invitations/{invitationId}/accept', handler: 'invitation-accept', auth: 'jwt', access: BILLING },
  { method: 'POST', path: '/v1/invitations/{invitationId}/decline', handler: 'invitation-decline', auth: 'jwt', access: { table: 'write' } },
  { method: 'POST', path: '/v1/orgs/{orgId}/api-keys', handler: 'create-api-key', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  { method: 'GET', path: '/v1/orgs/{orgId}/api-keys', handler: 'list-api-keys', auth: 'jwt', role: 'admin', access: READ },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/api-keys/{keyId}', handler: 'revoke-api-key', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  { method: 'GET', path: '/v1/orgs/{orgId}/entitlements', handler: 'get-entitlements', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  { method: 'POST', path: '/v1/entitlements/check', handler: 'check-entitlement', auth: 'jwt-or-key', scopes: ['read', 'quota:check'], access: READ },
  // Enforcement (issue #6)
  { method: 'POST', path: '/v1/quota/check', handler: 'quota-check', auth: 'jwt-or-key', scopes: ['quota:check'], access: { table: 'write', events: true } },
  // Usage metering (issue #5)
  // Holds (CONTRACT §3): reserve needs what consume needs; commit and release check the hold's org in the handler.
  // A reserve schedules its hold's release at expiry (EventBridge Scheduler -> holdExpiryTarget below).
  { method: 'POST', path: '/v1/quota/reserve', handler: 'quota-reserve', auth: 'jwt-or-key', scopes: ['quota:check'], access: { table: 'write', events: true, holdSchedules: true } },
  { method: 'POST', path: '/v1/quota/holds/{holdId}/commit', handler: 'hold-commit', auth: 'jwt-or-key', scopes: ['quota:check'], access: { table: 'write', events: true } },
  { method: 'POST', path: '/v1/quota/holds/{holdId}/release', handler: 'hold-release', auth: 'jwt-or-key', scopes: ['quota:check'], access: { table: 'write' } },
  // Credits (CONTRACT §3): members read; only the platform service key grants (checked in shared/credits/credits-view.ts).
  { method: 'GET', path: '/v1/orgs/{orgId}/credits', handler: 'credits-list', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  { method: 'POST', path: '/v1/orgs/{orgId}/credits', handler: 'credits-grant', auth: 'jwt-or-key', scopes: ['read', 'quota:check', 'usage:write'], role: 'member', access: { table: 'write', events: true } },
  { method: 'POST', path: '/v1/usage', handler: 'usage-ingest', auth: 'jwt-or-key', scopes: ['usage:write'], access: { ...READ, queues: ['usage'] } },
  { method: 'GET', path: '/v1/orgs/{orgId}/usage', handler: 'usage-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  // Spend limit (CONTRACT §3 Usage): members read; admins set, with its audit entry (shared/spend-limit).
  { method: 'GET', path: '/v1/orgs/{orgId}/spend-limit', handler: 'spend-limit-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  { method: 'PUT', path: '/v1/orgs/{orgId}/spend-limit', handler: 'spend-limit-set', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  { method: 'GET', path: '/v1/orgs/{orgId}/usage/{metric}', handler: 'usage-metric-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  // Licenses (issue #6)
  { method: 'POST', path: '/v1/orgs/{orgId}/licenses', handler: 'license-create', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  { method: 'GET', path: '/v1/orgs/{orgId}/licenses', handler: 'license-list', auth: 'jwt', role: 'member', access: READ },
  { method: 'DELETE', path: '/v1/orgs/{orgId}/licenses/{licenseId}', handler: 'license-revoke', auth: 'jwt', role: 'admin', access: { table: 'write' } },
  { method: 'POST', path: '/v1/licenses/validate', handler: 'license-validate', auth: 'none', access: { table: 'read', tableWrites: ['rate-counters', 'license-devices', 'operator-stats'] } },
  // Plans and billing (issue #4): members read, owners/admins change billing
  { method: 'GET', path: '/v1/plans', handler: 'plans-list', auth: 'none', access: {} },
  { method: 'POST', path: '/v1/orgs/{orgId}/checkout', handler: 'billing-checkout', auth: 'jwt', role: 'admin', access: BILLING },
  { method: 'POST', path: '/v1/orgs/{orgId}/portal', handler: 'billing-portal', auth: 'jwt', role: 'admin', access: BILLING },
  { method: 'GET', path: '/v1/orgs/{orgId}/subscription', handler: 'subscription-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  { method: 'POST', path: '/v1/orgs/{orgId}/subscription/preview', handler: 'subscription-preview', auth: 'jwt', role: 'admin', access: BILLING_READ },
  { method: 'PATCH', path: '/v1/orgs/{orgId}/subscription', handler: 'subscription-update', auth: 'jwt', role: 'admin', access: BILLING_READ },
  // Audit log (CONTRACT §3): admins and owners; API keys never pass admin-level checks (authorize-org.ts), so no key scope.
  { method: 'GET', path: '/v1/orgs/{orgId}/audit-log', handler: 'audit-log-list', auth: 'jwt', role: 'admin', access: READ },
  { method: 'GET', path: '/v1/orgs/{orgId}/invoices', handler: 'invoices-list', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  // Before `{invoiceId}`: the literal segment wins, as on API Gateway (the local matcher takes the first match).
  { method: 'GET', path: '/v1/orgs/{orgId}/invoices/upcoming', handler: 'invoice-upcoming', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: BILLING_READ },
  { method: 'GET', path: '/v1/orgs/{orgId}/invoices/{invoiceId}', handler: 'invoice-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  // Operators (CONTRACT §6)
  { method: 'GET', path: '/v1/admin/metrics', handler: 'admin-metrics', auth: 'jwt-or-key', scopes: ['read'], platform: true, access: READ },
  // RPC for other services (issue #17, CONTRACT §9): the Connect protocol, one Lambda per service. The route admits a
  // key with any scope one of its methods accepts; each method then applies its REST twin's scope and role rules.
  { method: 'POST', path: '/rpc/argus.auth.v1.AuthService/{method}', handler: 'rpc-auth', auth: 'jwt-or-key', scopes: [...API_KEY_SCOPES], access: { table: 'write', cognito: ['AdminGetUser'] } },
  { method: 'POST', path: '/rpc/argus.billing.v1.BillingService/{method}', handler: 'rpc-billing', auth: 'jwt-or-key', scopes: ['read', 'quota:check', 'usage:write'], access: { table: 'write', events: true, queues: ['usage'] } },
  // MCP (issue #12, CONTRACT §6): one Lambda runs every tool in-process, so it may touch what the tools' twins touch:
  // the table (checkout writes the Stripe customer; holds), the bus (commit_hold, as its twin), the usage queue (record_usage)
  // and the Stripe API key (preview, checkout).
  { method: 'POST', path: '/v1/mcp', handler: 'mcp', auth: 'jwt-or-key', scopes: ['mcp:invoke'], access: { table: 'write', events: true, queues: ['usage'], secrets: ['stripeApiKey'] } },
  // Sync (CONTRACT §8): a signed-in user's objects within an org (org membership checked in shared/sync; 404 otherwise)
  { method: 'POST', path: '/v1/sync/objects', handler: 'sync-object-create', auth: 'jwt', access: { table: 'write', buckets: { sync: 'write' } } },
  { method: 'GET', path: '/v1/sync/objects', handler: 'sync-objects-list', auth: 'jwt', access: READ },
  { method: 'POST', path: '/v1/sync/objects/{objectId}/versions/{version}/commit', handler: 'sync-object-commit', auth: 'jwt', access: { table: 'write', queues: ['usage'], buckets: { sync: 'readwrite' } } },
  { method: 'GET', path: '/v1/sync/objects/{objectId}/versions', handler: 'sync-versions-list', auth: 'jwt', access: READ },
  { method: 'GET', path: '/v1/sync/objects/{objectId}/download', handler: 'sync-object-download', auth: 'jwt', access: { ...READ, buckets: { sync: 'read' } } },
  { method: 'POST', path: '/v1/sync/objects/{objectId}/restore', handler: 'sync-object-restore', auth: 'jwt', access: { table: 'write', queues: ['usage'], buckets: { sync: 'readwrite' } } },
  { method: 'DELETE', path: '/v1/sync/objects/{objectId}', handler: 'sync-object-delete', auth: 'jwt', access: { table: 'write', queues: ['usage'], buckets: { sync: 'write' } } },
  // Analytics (issue #16, CONTRACT §8): telemetry in through the analytics queue, rollups out
  { method: 'POST', path: '/v1/analytics/events', handler: 'analytics-ingest', auth: 'jwt-or-key', scopes: ['usage:write'], access: { ...READ, queues: ['analytics'] } },
  { method: 'GET', path: '/v1/orgs/{orgId}/analytics', handler: 'analytics-get', auth: 'jwt-or-key', scopes: ['read'], role: 'member', access: READ },
  { method: 'POST', path: '/v1/webhooks/stripe', handler: 'stripe-webhook', auth: 'none', rawBody: true, access: { ...PER_IP_LIMITED, queues: ['webhooks'], secrets: ['stripeWebhookSecret'] } },
];

/**
 * The function behind API Gateway's `$default` route (no authorizer): everything no route above matches. It answers
 * CORS preflights, 405 `method_not_allowed` with `Allow` for a known path, and 404 otherwise (shared/http/unmatched-route.ts).
 */
export const UNMATCHED_ROUTE_HANDLER = 'unmatched-route';

/** Queue-driven functions: the CDK event source mappings and the local poller read this. */
export interface ConsumerDef {
  handler: string;
  queue: 'usage' | 'webhooks' | 'meterSink' | 'analytics';
  batchSize: number;
  /** Seconds the poller waits to fill a batch (standard queues only). */
  maxBatchingWindowSeconds: number;
  access: FunctionAccess;
  /** Most function instances the queue feeds at once (Lambda's event source maximum concurrency, 2-1000); unset: no cap. */
  maxConcurrency?: number;
}

export const consumers: ConsumerDef[] = [
  { handler: 'usage-aggregator', queue: 'usage', batchSize: 100, maxBatchingWindowSeconds: 1, access: { table: 'write', queues: ['usage-dlq'], events: true } },
  // Stripe webhooks (issue #4): FIFO, one message group per Stripe customer
  { handler: 'stripe-webhook-processor', queue: 'webhooks', batchSize: 10, maxBatchingWindowSeconds: 0, access: { table: 'write', secrets: ['stripeApiKey'], events: true } },
  // Meter sink fan-out (issue #10): 10 (org, period) reports per invocation side by side, at most 10 invocations at
  // once: ~100 Stripe requests in flight, within Stripe's live-mode rate limit (100/s) at Stripe's usual latency.
  // Analytics (issue #16): messages of up to 500 events; rollups in the table, raw events to Firehose (local: Parquet in S3).
  { handler: 'analytics-consumer', queue: 'analytics', batchSize: 10, maxBatchingWindowSeconds: 1, access: { table: 'write', queues: ['analytics-dlq'], analyticsStream: true } },
  { handler: 'usage-meter-report', queue: 'meterSink', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 10, access: { table: 'write', secrets: ['stripeApiKey'] } },
];

/** Functions run on a schedule (EventBridge Scheduler in AWS, a timer locally). */
export interface ScheduleDef {
  handler: string;
  everyMinutes: number;
  access: FunctionAccess;
}

export const schedules: ScheduleDef[] = [{ handler: 'usage-meter-sink', everyMinutes: 5, access: { table: 'write', queues: ['meterSink'] } }];

/** Settings every queue-driven function shares (ARCHITECTURE: visibility >= 6x timeout, 5 receives then DLQ). */
export const QUEUE_SETTINGS = {
  functionTimeoutSeconds: 30,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
} as const;

/**
 * Route areas, by the resource a path names. On AWS each area's functions, roles, permissions, integrations and routes
 * are one nested stack of the stateless stack (CloudFormation allows 500 resources per stack, a route takes 6), so an
 * area grows on its own. A route whose resource is in no area fails synth: add the resource to its area here.
 */
export const ROUTE_AREAS = {
  auth: ['auth', 'me'],
  orgs: ['orgs', 'members', 'invitations', 'api-keys', 'audit-log'],
  billing: ['plans', 'checkout', 'portal', 'subscription', 'invoices', 'spend-limit', 'webhooks'],
  metering: ['usage', 'quota', 'credits', 'entitlements', 'licenses'],
  data: ['sync', 'analytics'],
  platform: ['health', 'admin', 'mcp', 'rpc'],
} as const satisfies Record<string, readonly string[]>;
export type RouteArea = keyof typeof ROUTE_AREAS;

/**
 * The resource a path names: its first segment after `/v1`, and under an org after `/v1/orgs/{orgId}`
 * (`/v1/orgs/{orgId}/checkout` -> `checkout`, `/v1/orgs` and `/v1/orgs/{orgId}` -> `orgs`, `/rpc/...` -> `rpc`).
 */
export function routeResource(path: string): string {
  const segments = path.split('/').filter(Boolean);
  const rest = segments[0] === 'v1' ? segments.slice(1) : segments;
  return rest[0] === 'orgs' && rest.length > 2 ? rest[2] : (rest[0] ?? '');
}

export function routeArea(route: Pick<RouteDef, 'method' | 'path'>): RouteArea {
  const resource = routeResource(route.path);
  const area = (Object.keys(ROUTE_AREAS) as RouteArea[]).find((a) => (ROUTE_AREAS[a] as readonly string[]).includes(resource));
  if (!area) throw new Error(`${route.method} ${route.path}: no area lists "${resource}"; add it to ROUTE_AREAS in infra/routes.ts`);
  return area;
}

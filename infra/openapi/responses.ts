import { z } from 'zod';
import type { OperatorMetrics as OperatorMetricsView } from '../../shared/operator/operator-metrics';
import { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES } from '../../shared/audit/audit-actions';
import type { AuditEntry as AuditEntryView } from '../../shared/audit/audit-log';
import type { listAuditLog } from '../../shared/audit/list-audit-log';
import type { getInvoice, listInvoices } from '../../shared/billing/invoices-view';
import type { UpcomingInvoice as UpcomingInvoiceView } from '../../shared/billing/upcoming-invoice';
import type { PlanChangePreview } from '../../shared/billing/preview-plan-change';
import type { SubscriptionView } from '../../shared/billing/subscription-state';
import type { FeatureCheck as FeatureCheckView } from '../../shared/entitlements/check-feature';
import type { Entitlements as EntitlementsView } from '../../shared/entitlements/entitlements-of';
import type { ApiKeyView, ListedApiKeyView } from '../../shared/identity/api-keys';
import type { listApiKeys } from '../../shared/identity/api-keys';
import type { login } from '../../shared/identity/login';
import type { TotpEnrolment as TotpEnrolmentView } from '../../shared/identity/mfa';
import type { Me as MeView } from '../../shared/identity/get-me';
import type { OrgView } from '../../shared/identity/get-org';
import type { InvitationView, JoinView, listInvitations, myInvitations } from '../../shared/identity/invitations';
import type { listMembers, MemberView } from '../../shared/identity/org-members';
import type { SignUpResult } from '../../shared/identity/signup';
import type { Tokens } from '../../shared/identity/tokens';
import type { LicenseView } from '../../shared/licenses/license-view';
import type { IssuedLicense as IssuedLicenseView, listOrgLicenses } from '../../shared/licenses/manage-licenses';
import type { LicenseValidation as LicenseValidationView } from '../../shared/licenses/validate-license';
import { featureSchema, metricSchema } from '../../shared/plans/catalog';
import { AGGREGATIONS } from '../../shared/plans/catalog-schema';
import type { QuotaAnswer } from '../../shared/quota/quota-answer';
import type { CreditsView } from '../../shared/credits/credits-view';
import type { ReserveAnswer } from '../../shared/holds/reserve';
import type { CommitAnswer } from '../../shared/holds/settle-hold';
import type { IngestResult } from '../../shared/usage/ingest';
import type { listObjects, listVersions } from '../../shared/sync/read-objects';
import type { RestoredVersionView } from '../../shared/sync/restore-version';
import type { CommittedVersionView, SyncObjectView, SyncVersionView, UploadTicketView } from '../../shared/sync/views';
import type { UsageSeries as UsageSeriesView, UsageSummary as UsageSummaryView } from '../../shared/usage/read-usage';
import { API_KEY_SCOPES, ORG_ROLES } from '../../shared/identity/roles';
import type { TelemetryIngestResult } from '../../shared/analytics/ingest';
import type { AnalyticsRow } from '../../shared/analytics/read-analytics';

/**
 * Success and error bodies (CONTRACT §1, §3), hand-written because the handlers validate requests only. Each schema is
 * named after the contract's object and registered here; the generator turns the registry into
 * `components.schemas`. Drift is caught at compile time: the `Same<>` checks at the bottom fail `npm run typecheck`
 * when a shared/ view type and its schema here stop matching.
 */
export const components = z.registry<{ id: string; description?: string }>();

const isoTime = z.iso.datetime().describe('ISO-8601 UTC');
const capType = z.enum(['hard', 'soft']);

const Money = z.object({ amount: z.number().int().describe('minor units'), currency: z.literal('usd') }).register(components, { id: 'Money' });
const AccruedMoney = z
  .object({ amount: z.string().regex(/^\d+(\.\d{1,6})?$/).describe('decimal minor units as a string: sub-cent accrual, exact to a micro-cent'), currency: z.literal('usd') })
  .register(components, { id: 'AccruedMoney', description: 'CONTRACT §1: Money whose amount is a decimal string of minor units (overage accrual, rounded to a cent only on the invoice).' });
const Period = z.object({ start: isoTime, end: isoTime }).register(components, { id: 'BillingPeriod' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(['validation_failed', 'invalid_json', 'invalid_signature', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'upgrade_required', 'payload_too_large', 'rate_limited', 'internal']),
      message: z.string(),
      details: z.array(z.object({ path: z.string().describe('body.a.b, query.x or path.y'), message: z.string() })).optional().describe('validation_failed only'),
      requestId: z.string(),
    }),
  })
  .register(components, { id: 'Error', description: 'CONTRACT §1 error body; no stack traces, SDK messages or table names.' });

const Health = z.object({ status: z.literal('ok') }).register(components, { id: 'Health' });
const SignUp = z
  .object({ userId: z.string(), email: z.string(), orgId: z.string().nullable().describe('null until the email is confirmed'), confirmed: z.boolean() })
  .register(components, { id: 'SignUpResult' });
const tokenFields = { accessToken: z.string(), idToken: z.string(), expiresIn: z.number().int().describe('seconds'), tokenType: z.literal('Bearer') };
const RefreshedTokens = z.object(tokenFields).register(components, { id: 'RefreshedTokens' });
const LoginTokens = z.object({ ...tokenFields, refreshToken: z.string() }).register(components, { id: 'LoginTokens' });
const MfaChallenge = z
  .object({ challenge: z.literal('totp'), session: z.string().describe('for POST /v1/auth/mfa; valid 3 minutes') })
  .register(components, { id: 'MfaChallenge', description: 'Login with MFA on: send the session and a code to POST /v1/auth/mfa' });
const LoginResult = z.union([LoginTokens, MfaChallenge]).register(components, { id: 'LoginResult' });
const TotpEnrolment = z
  .object({ secret: z.string().describe('base32'), otpauthUri: z.string().describe('otpauth://totp/… for a QR code') })
  .register(components, { id: 'TotpEnrolment' });
const MfaEnabled = z.object({ enabled: z.literal(true) }).register(components, { id: 'MfaEnabled' });
// Additions: the contract says only "→ 200" for these; the handlers answer a one-field acknowledgement.
const Confirmed = z.object({ confirmed: z.literal(true) }).register(components, { id: 'Confirmed' });
const Reset = z.object({ reset: z.literal(true) }).register(components, { id: 'PasswordReset' });
const Accepted = z.object({ accepted: z.literal(true) }).register(components, { id: 'Accepted' });

const Me = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    defaultOrgId: z.string(),
    orgs: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.enum(ORG_ROLES), planId: z.string() })),
  })
  .register(components, { id: 'Me' });
const Org = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    planId: z.string(),
    createdAt: isoTime,
    seats: z.object({ used: z.number().int(), limit: z.number().int().nullable().describe('null = unlimited') }),
  })
  .register(components, { id: 'Org' });
const Member = z
  .object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: z.enum(ORG_ROLES), joinedAt: isoTime })
  .register(components, { id: 'Member' });
/** CONTRACT §1: every list answers its array beside `nextCursor`, the `?cursor=` of the next page (null at the end). */
const nextCursor = z.string().nullable().describe('opaque; pass as ?cursor= for the next page; null at the end');
const MemberList = z.object({ members: z.array(Member), nextCursor }).register(components, { id: 'MemberList' });
const Invitation = z
  .object({ id: z.string(), email: z.string(), role: z.enum(ORG_ROLES), expiresAt: isoTime })
  .register(components, { id: 'Invitation', description: 'The same whether or not an account uses the email.' });
const InvitationList = z.object({ invitations: z.array(Invitation), nextCursor }).register(components, { id: 'InvitationList' });
const ReceivedInvitation = z
  .object({ id: z.string(), orgId: z.string(), orgName: z.string(), role: z.enum(ORG_ROLES), expiresAt: isoTime })
  .register(components, { id: 'ReceivedInvitation' });
const ReceivedInvitationList = z.object({ invitations: z.array(ReceivedInvitation), nextCursor }).register(components, { id: 'ReceivedInvitationList' });
const Join = z.object({ orgId: z.string(), userId: z.string(), role: z.enum(ORG_ROLES), joinedAt: isoTime }).register(components, { id: 'InvitationAccepted' });
const apiKeyFields = { id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)), createdAt: isoTime };
const ApiKey = z.object(apiKeyFields).register(components, { id: 'ApiKey' });
const CreatedApiKey = z
  .object({ ...apiKeyFields, key: z.string().describe('ak_…; shown in this answer only') })
  .register(components, { id: 'CreatedApiKey' });
const ListedApiKey = z
  .object({ ...apiKeyFields, createdBy: z.object({ type: z.literal('user'), id: z.string() }).nullable().describe('null: made by an operator, not through the API') })
  .register(components, { id: 'ListedApiKey' });
const ApiKeyList = z.object({ apiKeys: z.array(ListedApiKey), nextCursor }).register(components, { id: 'ApiKeyList' });

// Metric and feature enums come from the loaded catalog file (catalog/ or ARGUS_CATALOG_DIR): the document follows the data.
const featureFlags = z.record(featureSchema, z.boolean());
const limits = z.record(metricSchema, z.object({ included: z.number(), capType }));
const Entitlements = z
  .object({ planId: z.string(), features: featureFlags, limits, rateLimit: z.object({ requestsPerMinute: z.number().int() }) })
  .register(components, { id: 'Entitlements' });
const FeatureCheck = z
  .object({ allowed: z.boolean(), planId: z.string(), reason: z.enum(['included', 'not_in_plan', 'subscription_inactive']) })
  .register(components, { id: 'EntitlementCheck' });
const QuotaCheck = z
  .object({
    allowed: z.boolean(),
    used: z.number(),
    limit: z.number(),
    remaining: z.number().describe('max(0, included - what the included amount already covers) + credits'),
    credits: z.number().describe("the org's spendable credit balance for the metric"),
    resetAt: isoTime,
    duplicate: z.literal(true).optional().describe('a consume whose id was already counted with the same metric and quantity: nothing was counted this time'),
    reason: z.literal('spend_limit').optional().describe("refused on a soft cap: the period's billed overage would pass the org's spend limit"),
  })
  .register(components, { id: 'QuotaCheckResult' });

const Grant = z
  .object({
    id: z.string(),
    metric: metricSchema,
    quantity: z.number().int(),
    remaining: z.number().int(),
    expiresAt: isoTime.nullable(),
    source: z.enum(['purchase', 'grant']),
    createdAt: isoTime,
  })
  .register(components, { id: 'CreditGrant' });
const Credits = z
  .object({ balances: z.record(z.string(), z.number()).describe('spendable credits per metric (active grants only)'), grants: z.array(Grant), nextCursor: z.string().nullable() })
  .register(components, { id: 'Credits' });
const Reservation = z
  .object({
    reserved: z.boolean(),
    holdId: z.string().nullable().describe('null when not reserved'),
    expiresAt: isoTime.nullable(),
    used: z.number(),
    held: z.number(),
    limit: z.number(),
    remaining: z.number(),
    credits: z.number(),
    reason: z.literal('spend_limit').optional().describe("not reserved on a soft cap: the period's billed overage would pass the org's spend limit"),
  })
  .register(components, { id: 'Reservation' });
const SpendLimit = z
  .object({ monthlyOverage: Money.nullable().describe('the monthly overage budget in the billing currency (whole minor units); null: no limit') })
  .register(components, { id: 'SpendLimit' });
const Commit = z
  .object({ committed: z.number(), used: z.number(), remaining: z.number(), exceeded: z.boolean() })
  .register(components, { id: 'HoldCommit' });

const UsageIngest = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), error: z.string().describe('snake_case reason'), message: z.string() })),
  })
  .register(components, { id: 'UsageIngestResult' });
const UsageSummary = z
  .object({
    period: Period,
    metrics: z.array(
      z.object({
        metric: metricSchema,
        unit: z.string(),
        aggregation: z.string(),
        used: z.number(),
        included: z.number(),
        remaining: z.number(),
        percent: z.number(),
        capType,
        credits: z.number().describe('prepaid credits counting for the metric (0 until credits exist)'),
        overage: z.number(),
        overageAmount: AccruedMoney,
        projected: z.number().describe("the period's usage at its end if the pace so far continues (a gauge: its level; an ended period: its usage)"),
        cost: z.object({ amount: z.number().int(), currency: z.literal('usd'), micros: z.number().int() }).optional().describe('llm_tokens only (addition)'),
      }),
    ),
  })
  .register(components, { id: 'UsageSummary' });
const UsageSeries = z
  .object({
    metric: metricSchema,
    period: Period.describe('the billing period, or with ?from=&to= the range (start of from to the end of to)'),
    total: z.number().describe('the sum of the series (a gauge: its maximum)'),
    series: z.array(z.object({ start: isoTime, value: z.number() })).describe('daily buckets: UTC days, the first starting at the period start'),
  })
  .register(components, { id: 'UsageSeries' });

const IssuedLicense = z
  .object({ id: z.string(), key: z.string().describe('shown in this answer only'), planId: z.string(), maxDevices: z.number().int().nullable(), expiresAt: isoTime.nullable() })
  .register(components, { id: 'IssuedLicense' });
const License = z
  .object({
    id: z.string(),
    planId: z.string(),
    keyHint: z.string(),
    maxDevices: z.number().int().nullable(),
    devices: z.number().int(),
    expiresAt: isoTime.nullable(),
    status: z.enum(['active', 'revoked']),
    createdAt: isoTime,
    revokedAt: isoTime.nullable(),
  })
  .register(components, { id: 'License' });
const LicenseList = z.object({ licenses: z.array(License), nextCursor }).register(components, { id: 'LicenseList' });
const LicenseValidation = z
  .discriminatedUnion('valid', [
    z.object({ valid: z.literal(true), planId: z.string(), expiresAt: isoTime.nullable(), features: featureFlags, quotas: limits, cachedUntil: isoTime }),
    z.object({ valid: z.literal(false), reason: z.enum(['unknown', 'revoked', 'expired', 'device_limit']) }),
  ])
  .register(components, { id: 'LicenseValidation' });

// `GET /v1/plans`: the current version of the catalog file, each plan's allowances completed by its metric's unit,
// aggregation and overage unit size.
const Plan = z
  .object({
    id: z.string(),
    name: z.string(),
    prices: z.array(z.object({ interval: z.enum(['month', 'year']), amount: z.number().int().describe('minor units'), currency: z.literal('usd') })),
    trialDays: z.number().int().describe("days of free trial on an org's first paid subscription (0 = none)"),
    features: z.array(featureSchema),
    rateLimit: z.object({ requestsPerMinute: z.number().int() }),
    seats: z.number().int().nullable().describe('null = unlimited'),
    seatPrice: Money.nullable().describe('per seat beyond `seats`, per month (null = none sold)'),
    metrics: z.record(
      metricSchema,
      z.object({
        included: z.number(),
        capType,
        overageUnitAmount: z.number().nullable().describe('minor units per overageUnitSize base units (may be fractional)'),
        overageUnitSize: z.number().int(),
        unit: z.string(),
        aggregation: z.enum(AGGREGATIONS),
      }),
    ),
  })
  .register(components, { id: 'Plan' });
const CreditPack = z
  .object({ id: z.string(), metric: metricSchema, quantity: z.number().int(), price: Money, validDays: z.number().int() })
  .register(components, { id: 'CreditPack' });
const PlanList = z
  .object({ catalogVersion: z.number().int().describe('the current catalog version (subscriptions keep the version they started on)'), plans: z.array(Plan), creditPacks: z.array(CreditPack) })
  .register(components, { id: 'PlanList' });
const CheckoutSession = z.object({ id: z.string(), url: z.url() }).register(components, { id: 'CheckoutSession' });
const PortalSession = z.object({ url: z.url() }).register(components, { id: 'PortalSession' });
const OperatorMetrics = z
  .object({
    mrr: Money,
    arr: Money,
    paidOrgs: z.number().int(),
    orgsByPlan: z.record(z.string(), z.number().int()),
    trialing: z.number().int(),
    pastDue: z.number().int(),
    churnedLast30d: z.number().int(),
    conversionsLast30d: z.number().int(),
    dau: z.number().int(),
    mau: z.number().int(),
    licenseValidationsLast24h: z.number().int(),
  })
  .register(components, { id: 'OperatorMetrics' });
const Subscription = z
  .object({
    planId: z.string(),
    interval: z.enum(['month', 'year']).describe("how often the plan fee is billed (`month` for the free plan); usage is billed monthly either way"),
    status: z.enum(['active', 'trialing', 'past_due', 'canceled', 'unpaid', 'incomplete']),
    currentPeriodStart: isoTime.nullable(),
    currentPeriodEnd: isoTime.nullable(),
    cancelAtPeriodEnd: z.boolean(),
    trialEnd: isoTime.nullable(),
    catalogVersion: z.number().int().describe('the catalog version whose prices and allowances apply (kept until an operator migrates it)'),
  })
  .register(components, { id: 'Subscription' });
const Preview = z
  .object({ amountDue: Money, lines: z.array(z.object({ description: z.string(), amount: Money })) })
  .register(components, { id: 'SubscriptionPreview' });
const Invoice = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']),
    amountDue: Money,
    amountPaid: Money,
    periodStart: isoTime,
    periodEnd: isoTime,
    hostedInvoiceUrl: z.string().nullable(),
    invoicePdfUrl: z.string().nullable(),
    createdAt: isoTime,
  })
  .register(components, { id: 'Invoice' });
const InvoiceDetail = Invoice.extend({
  lines: z.array(z.object({ description: z.string(), quantity: z.number().nullable(), amount: Money, periodStart: isoTime, periodEnd: isoTime })),
}).register(components, { id: 'InvoiceDetail' });
const InvoiceList = z
  .object({ invoices: z.array(Invoice), nextCursor: z.string().nullable().describe('opaque; pass as `?cursor=` for the next page, null at the end') })
  .register(components, { id: 'InvoiceList' });
const McpResponse = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.string(), z.number().int()]).nullable(),
    result: z.record(z.string(), z.unknown()).optional(),
    error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
  })
  .register(components, { id: 'McpResponse', description: 'A JSON-RPC 2.0 response (MCP, Streamable HTTP with JSON responses); a batch answers an array of them' });
const TelemetryIngest = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), error: z.enum(['invalid_event', 'timestamp_out_of_window']), message: z.string() })),
  })
  .register(components, { id: 'TelemetryIngest' });
const AnalyticsRows = z
  .object({
    rows: z.array(
      z.object({
        key: z.string().nullable().describe('the group value (day: YYYY-MM-DD); null for events without the dimension'),
        count: z.number().int(),
        errors: z.number().int().describe('events with success: false or eventType "error"'),
        p50Ms: z.number().nullable().describe('from a latency sketch, within 0.5 % of the exact median; null without executionTimeMs'),
        p95Ms: z.number().nullable().describe('from a latency sketch, within 0.5 % of the exact p95; null without executionTimeMs'),
        tokens: z.number().int().describe('sum of tokensUsed'),
      }),
    ),
  })
  .register(components, { id: 'AnalyticsRows' });
const WebhookReceived = z.object({ received: z.literal(true) }).register(components, { id: 'WebhookReceived' });
const UpcomingInvoice = z
  .object({
    amountDue: Money,
    periodStart: isoTime.describe('start of the period whose usage the invoice bills'),
    periodEnd: isoTime,
    lines: z.array(z.object({ description: z.string(), quantity: z.number().nullable(), amount: Money, periodStart: isoTime, periodEnd: isoTime })),
  })
  .register(components, { id: 'UpcomingInvoice' });
const AuditEntry = z
  .object({
    id: z.string(),
    at: isoTime,
    actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string().describe('user id, API key id, Stripe event id, operator key id or system job') }),
    action: z.enum(AUDIT_ACTIONS),
    target: z.string().describe('what changed, as `<kind>:<id>` (member:<userId>, api_key:<keyId>, subscription:<id>, ...)'),
    details: z.record(z.string(), z.unknown()),
  })
  .register(components, { id: 'AuditEntry' });
const AuditLog = z
  .object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable().describe('opaque; pass as `?cursor=` for the next page, null at the end') })
  .register(components, { id: 'AuditLog' });

const syncObjectType = z.enum(['memory_context', 'project_config']);
const sha256Checksum = z.string().regex(/^sha256:[0-9a-f]{64}$/).describe('`sha256:` and the lowercase hex SHA-256 of the bytes');
const SyncUploadTicket = z
  .object({
    objectId: z.string(),
    version: z.number().int().describe('versions only grow; one allocated to an upload that never commits leaves a gap'),
    uploadUrl: z.string().describe('a presigned S3 PUT (≤ 15 min): content-length and x-amz-checksum-sha256 are signed headers'),
    uploadHeaders: z.record(z.string(), z.string()).describe('send these with the PUT (x-amz-checksum-sha256); content-length comes from the body'),
    uploadExpiresAt: isoTime,
  })
  .register(components, { id: 'SyncUploadTicket' });
const SyncCommittedVersion = z
  .object({ objectId: z.string(), version: z.number().int(), checksum: sha256Checksum, sizeBytes: z.number().int(), committedAt: isoTime })
  .register(components, { id: 'SyncCommittedVersion' });
const SyncRestoredVersion = SyncCommittedVersion.extend({ restoredFrom: z.number().int() }).register(components, { id: 'SyncRestoredVersion' });
const SyncObject = z
  .object({
    objectId: z.string(),
    orgId: z.string(),
    objectType: syncObjectType,
    objectPath: z.string(),
    version: z.number().int().describe('the latest committed version'),
    checksum: sha256Checksum,
    sizeBytes: z.number().int(),
    deviceId: z.string(),
    committedAt: isoTime,
  })
  .register(components, { id: 'SyncObject' });
const SyncObjectList = z.object({ objects: z.array(SyncObject), nextCursor }).register(components, { id: 'SyncObjectList' });
const SyncVersion = z
  .object({
    version: z.number().int(),
    checksum: sha256Checksum,
    sizeBytes: z.number().int(),
    deviceId: z.string(),
    committedAt: isoTime,
    restoredFrom: z.number().int().nullable().describe('the version a restore copied; null for an upload'),
  })
  .register(components, { id: 'SyncVersion' });
const SyncVersionList = z.object({ versions: z.array(SyncVersion), nextCursor }).register(components, { id: 'SyncVersionList' });

export interface SuccessResponse {
  status: 200 | 201 | 202 | 204 | 302;
  /** Absent for 204 (no body). */
  schema?: z.ZodType;
  summary: string;
  /** Behaviour a client must know that the schemas cannot say. */
  note?: string;
}

/**
 * What each route answers on success, by handler folder. Statuses are the handlers' own (`status: 201` etc.; the
 * generator's test reads them back from the handler sources).
 */
export const successResponses: Record<string, SuccessResponse> = {
  health: { status: 200, schema: Health, summary: 'Liveness' },
  'auth-signup': { status: 201, schema: SignUp, summary: 'Sign up (creates the first org, plan explorer)' },
  'auth-confirm': { status: 200, schema: Confirmed, summary: 'Confirm a sign-up with the emailed code' },
  'auth-login': { status: 200, schema: LoginResult, summary: 'Log in (with MFA on: a TOTP challenge instead of the tokens)' },
  'auth-mfa': { status: 200, schema: LoginTokens, summary: 'Finish a login with MFA: the session from login and a TOTP code' },
  'auth-logout': { status: 204, summary: 'Log out: the refresh token and the access tokens issued from it stop working' },
  'auth-resend-code': { status: 202, schema: Accepted, summary: 'Mail a new sign-up code (202 always: no account enumeration)' },
  'mfa-totp-start': { status: 200, schema: TotpEnrolment, summary: 'Start TOTP enrolment: a new secret for an authenticator app' },
  'mfa-totp-verify': { status: 200, schema: MfaEnabled, summary: 'Finish TOTP enrolment with a code; sign-in asks for a code from then on' },
  'mfa-disable': { status: 204, summary: 'Turn MFA off (a current TOTP code is required)' },
  'auth-refresh': { status: 200, schema: RefreshedTokens, summary: 'Refresh tokens' },
  'auth-forgot-password': { status: 202, schema: Accepted, summary: 'Send a reset code (202 always: no account enumeration)' },
  'auth-reset-password': { status: 200, schema: Reset, summary: 'Reset the password with the emailed code; sessions opened before end' },
  'get-me': { status: 200, schema: Me, summary: 'The signed-in user and their orgs' },
  'create-org': { status: 201, schema: Org, summary: 'Create an org (caller becomes owner)' },
  'get-org': { status: 200, schema: Org, summary: 'An org' },
  'list-members': { status: 200, schema: MemberList, summary: "One page of the org's members (in user-id order)" },
  'member-role-change': { status: 200, schema: Member, summary: "Change a member's role (only owners grant or take owner; the last owner stays)" },
  'remove-member': { status: 204, summary: 'Remove a member (admin), or leave the org (a member with their own userId)' },
  'invitation-create': {
    status: 201,
    schema: Invitation,
    summary: 'Invite an email to the org (mailed; expires in 7 days)',
    note: 'The answer is the same whether or not an account uses the email. The seat is taken at acceptance.',
  },
  'invitation-list': { status: 200, schema: InvitationList, summary: "One page of the org's open invitations" },
  'invitation-delete': { status: 204, summary: 'Withdraw an open invitation' },
  'invitation-list-mine': { status: 200, schema: ReceivedInvitationList, summary: "One page of the open invitations addressed to the signed-in user's email" },
  'invitation-accept': { status: 200, schema: Join, summary: 'Accept an invitation addressed to your email (idempotent; takes a seat)' },
  'invitation-decline': { status: 204, summary: 'Decline an invitation addressed to your email' },
  'create-api-key': { status: 201, schema: CreatedApiKey, summary: 'Create an API key (the secret is shown once)' },
  'list-api-keys': { status: 200, schema: ApiKeyList, summary: "One page of the org's active API keys, without secrets" },
  'revoke-api-key': { status: 204, summary: 'Revoke an API key (refused within 60 s)' },
  'get-entitlements': { status: 200, schema: Entitlements, summary: "The org's features, limits and rate limit" },
  'check-entitlement': { status: 200, schema: FeatureCheck, summary: 'Whether an org may use a feature' },
  'quota-check': { status: 200, schema: QuotaCheck, summary: 'Check (and optionally consume) a quota' },
  'credits-list': { status: 200, schema: Credits, summary: "The org's credit balances per metric and one page of its grants" },
  'credits-grant': {
    status: 201,
    schema: Grant,
    summary: 'Grant credits (platform service key only)',
    note: 'Idempotent on `id`: the same metric, quantity and expiresAt again answers 200 with the same grant; anything else 409.',
  },
  'quota-reserve': {
    status: 200,
    schema: Reservation,
    summary: 'Reserve a quantity (a hold) until commit, release or expiry',
    note: 'Idempotent on `id`. On a hard cap used + held never passes the included amount plus the credit balance; a refused reserve answers reserved: false.',
  },
  'hold-commit': { status: 200, schema: Commit, summary: "Record a hold's quantity as usage (once, under the hold's id) and free the rest" },
  'hold-release': { status: 204, summary: 'Release a hold (a repeat is a no-op)' },
  'spend-limit-get': { status: 200, schema: SpendLimit, summary: "The org's monthly overage budget (spend limit)" },
  'spend-limit-set': {
    status: 200,
    schema: SpendLimit,
    summary: 'Set or remove (null) the monthly overage budget (admin)',
    note: "When the period's billed overage (all soft-capped metrics, after included amounts and credits, priced as Stripe bills it) would pass it, soft-cap consumes and reserves answer allowed/reserved: false with reason spend_limit until the period ends; reported usage is still recorded. spend_limit.reached is published once per period. Each PUT writes one spend_limit.changed audit entry.",
  },
  'usage-ingest': {
    status: 202,
    schema: UsageIngest,
    summary: 'Record usage events (after durable enqueue)',
    note: 'Each item of `events` is a `UsageEvent` (components.schemas). Items are checked one by one: a bad item is listed in `rejected` (by index) and the rest are accepted; only a malformed envelope is a 400.',
  },
  'usage-get': {
    status: 200,
    schema: UsageSummary,
    summary: "The org's usage per metric for a period",
    note: 'The period is the current one (default), `?period=previous`, or the one in force at `?at=` (not with `period`; a period that has not started reads 0). Periods follow the plan history: explorer has calendar months (UTC) cut short where a paid subscription starts, a paid subscription repeats from its billing anchor, and explorer resumes at the moment a subscription ends. `overageAmount` is an AccruedMoney (decimal string of minor units).',
  },
  'usage-metric-get': {
    status: 200,
    schema: UsageSeries,
    summary: "One metric's period total and daily series, or a daily series over a date range",
    note: 'A period as for GET .../usage (`?period=`, `?at=`), or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (UTC dates, both included, at most 400 days; not with `period`/`at`): then one value per day whatever the periods. A period\'s `total` always equals the sum of its series.',
  },
  'license-create': { status: 201, schema: IssuedLicense, summary: 'Issue a license (the key is shown once)' },
  'license-list': { status: 200, schema: LicenseList, summary: "One page of the org's licenses, without keys" },
  'license-revoke': { status: 204, summary: 'Revoke a license' },
  'license-validate': { status: 200, schema: LicenseValidation, summary: 'Validate a license for one machine' },
  'plans-list': { status: 200, schema: PlanList, summary: 'The plan catalog' },
  'sync-object-create': {
    status: 201,
    schema: SyncUploadTicket,
    summary: 'A new version of an object and a presigned upload URL',
    note: 'The object is (caller, orgId, objectType, objectPath). Once it has a committed version, `baseVersion` must be that version (else 409 with `details: [{ path: "baseVersion", message: "latest committed version is <n>" }]`). 402 when the org\'s committed bytes plus `sizeBytes` pass its plan\'s hard `storage_gb` cap.',
  },
  'sync-object-commit': {
    status: 200,
    schema: SyncCommittedVersion,
    summary: 'Commit an uploaded version',
    note: 'Verifies the stored bytes (length, SHA-256; else 400 with details `sizeBytes`, `checksum` or `upload`) and makes the version the latest only if the latest is still the upload\'s base (else 409 naming the latest). Committing a committed version answers it again. The org\'s stored bytes (all committed versions of its live objects) are reported as the `storage_gb` level.',
  },
  'sync-objects-list': { status: 200, schema: SyncObjectList, summary: "One page of the caller's objects in an org (latest versions), by type and path" },
  'sync-versions-list': { status: 200, schema: SyncVersionList, summary: "One page of an object's committed versions, newest first" },
  'sync-object-download': { status: 302, summary: 'Redirect to a presigned GET (≤ 15 min) of a version (default: the latest)' },
  'sync-object-restore': { status: 201, schema: SyncRestoredVersion, summary: "A new latest version with an older version's content" },
  'sync-object-delete': { status: 204, summary: 'Delete an object (its versions are kept 30 days, then expire)' },
  'billing-checkout': {
    status: 201,
    schema: CheckoutSession,
    summary: 'Start a Stripe Checkout session: a paid plan (subscription) or a credit pack (one-time payment)',
    note: 'With `packId` (and `quantity`, default 1): a one-time payment on any plan; the credits are granted once the payment is confirmed (a delayed payment method grants when it clears).',
  },
  'billing-portal': { status: 201, schema: PortalSession, summary: 'Open a Stripe billing portal session' },
  'subscription-get': { status: 200, schema: Subscription, summary: "The org's subscription" },
  'subscription-preview': { status: 200, schema: Preview, summary: 'Preview the proration of a plan change' },
  'subscription-update': { status: 200, schema: Subscription, summary: 'Change plan or cancel at period end' },
  'invoices-list': { status: 200, schema: InvoiceList, summary: "The org's invoices, newest first" },
  'invoice-get': { status: 200, schema: InvoiceDetail, summary: 'One invoice, with its lines' },
  'admin-metrics': {
    status: 200,
    schema: OperatorMetrics,
    summary: 'Operator metrics (the platform service key only)',
    note: 'Paid orgs have an `active` or `past_due` subscription; MRR sums their monthly prices (a yearly price counts as a twelfth), ARR = 12 × MRR; churn and conversions count the last 30 days; license validations the last 24 to 25 whole hours.',
  },
  'invoice-upcoming': {
    status: 200,
    schema: UpcomingInvoice,
    summary: 'The next invoice as it stands now (plan, usage so far, prorations)',
    note: "Stripe's preview of the renewal with each usage line brought up to Argus's own counters (usage the meter sink has not reported yet included), priced as the invoice will price it. 404 when the org has no paid subscription.",
  },
  'audit-log-list': {
    status: 200,
    schema: AuditLog,
    summary: "One page of the org's audit log, newest first (admins and owners)",
    note: 'Filter with `?action=`. Entries are written with the change they record and never change. Stripe-driven entries carry the Stripe event as actor and its time as `at`; with `?action=` the list is read from an index that follows writes within moments.',
  },
  // Connect RPC (CONTRACT §9): bodies are the services' protobuf messages (infra/openapi/rpc-operation.ts).
  'rpc-auth': { status: 200, summary: 'argus.auth.v1.AuthService over Connect: ValidateToken, GetUser, GetUserTier, CheckEntitlement' },
  'rpc-billing': { status: 200, summary: 'argus.billing.v1.BillingService over Connect: GetSubscription, CheckQuota, RecordUsage, GetCustomer' },
  mcp: {
    status: 200,
    schema: McpResponse,
    summary: 'MCP: tools, resources and prompts over Streamable HTTP (stateless, JSON responses)',
    note: 'Send JSON-RPC 2.0 messages (initialize, tools/list, tools/call, resources/list, resources/read, prompts/list, prompts/get, ...). A body of notifications or responses only is answered 202 with no body. No sessions and no server-initiated streams: GET and DELETE answer 405. A key needs mcp:invoke; each tool also needs the scope and role of its REST twin, and a refusal is a tool result with isError: true carrying the error body. JSON-RPC errors (unknown method or tool, bad resource) are 200 answers with `error`, its `data` the error body.',
  },
  'analytics-ingest': {
    status: 202,
    schema: TelemetryIngest,
    summary: 'Record telemetry events (after durable enqueue; idempotent on id per org)',
    note: 'A member\'s token or a key with usage:write; `orgId` must be the caller\'s (404 otherwise). Items are checked one by one: a bad item is listed in `rejected` (by index), the rest are accepted. An id already counted is accepted and counted once (first content wins).',
  },
  'analytics-get': {
    status: 200,
    schema: AnalyticsRows,
    summary: "The org's telemetry rollups merged per eventType, commandName, agentId or day",
    note: '`?from=&to=` are UTC dates (both included, at most 400 days; default the 30 days ending today); `?groupBy=` defaults to eventType. Rows are in key order, null last.',
  },
  'stripe-webhook': { status: 200, schema: WebhookReceived, summary: 'Stripe webhook endpoint (answers after durable enqueue)' },
};

// Compile-time drift checks: each schema's output type must be exactly what the shared/ view returns. (PlanList is
// checked at run time in openapi.test.ts: listPlans() builds `metrics` with Object.fromEntries, typed loosely.)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<S extends z.ZodType> = z.output<S>;
export const viewTypesMatch: Record<string, true> = {
  SignUp: true satisfies Same<Out<typeof SignUp>, SignUpResult>,
  RefreshedTokens: true satisfies Same<Out<typeof RefreshedTokens>, Tokens>,
  LoginTokens: true satisfies Same<Out<typeof LoginTokens>, Tokens & { refreshToken: string }>,
  Me: true satisfies Same<Out<typeof Me>, MeView>,
  Org: true satisfies Same<Out<typeof Org>, OrgView>,
  Member: true satisfies Same<Out<typeof Member>, MemberView>,
  MemberList: true satisfies Same<Out<typeof MemberList>, Awaited<ReturnType<typeof listMembers>>>,
  Invitation: true satisfies Same<Out<typeof Invitation>, InvitationView>,
  InvitationList: true satisfies Same<Out<typeof InvitationList>, Awaited<ReturnType<typeof listInvitations>>>,
  ReceivedInvitationList: true satisfies Same<Out<typeof ReceivedInvitationList>, Awaited<ReturnType<typeof myInvitations>>>,
  Join: true satisfies Same<Out<typeof Join>, JoinView>,
  ApiKeyList: true satisfies Same<Out<typeof ApiKeyList>, Awaited<ReturnType<typeof listApiKeys>>>,
  LicenseList: true satisfies Same<Out<typeof LicenseList>, Awaited<ReturnType<typeof listOrgLicenses>>>,
  SyncUploadTicket: true satisfies Same<Out<typeof SyncUploadTicket>, UploadTicketView>,
  SyncCommittedVersion: true satisfies Same<Out<typeof SyncCommittedVersion>, CommittedVersionView>,
  SyncRestoredVersion: true satisfies Same<Out<typeof SyncRestoredVersion>, RestoredVersionView>,
  SyncObject: true satisfies Same<Out<typeof SyncObject>, SyncObjectView>,
  SyncObjectList: true satisfies Same<Out<typeof SyncObjectList>, Awaited<ReturnType<typeof listObjects>>>,
  SyncVersion: true satisfies Same<Out<typeof SyncVersion>, SyncVersionView>,
  SyncVersionList: true satisfies Same<Out<typeof SyncVersionList>, Awaited<ReturnType<typeof listVersions>>>,
  ApiKey: true satisfies Same<Out<typeof ApiKey>, ApiKeyView>,
  TelemetryIngest: true satisfies Same<Out<typeof TelemetryIngest>, TelemetryIngestResult>,
  AnalyticsRows: true satisfies Same<Out<typeof AnalyticsRows>, { rows: AnalyticsRow[] }>,
  ListedApiKey: true satisfies Same<Out<typeof ListedApiKey>, ListedApiKeyView>,
  LoginResult: true satisfies Same<Out<typeof LoginResult>, Awaited<ReturnType<typeof login>>>,
  TotpEnrolment: true satisfies Same<Out<typeof TotpEnrolment>, TotpEnrolmentView>,
  CreatedApiKey: true satisfies Same<Out<typeof CreatedApiKey>, ApiKeyView & { key: string }>,
  Entitlements: true satisfies Same<Out<typeof Entitlements>, EntitlementsView>,
  OperatorMetrics: true satisfies Same<Out<typeof OperatorMetrics>, OperatorMetricsView>,
  FeatureCheck: true satisfies Same<Out<typeof FeatureCheck>, FeatureCheckView>,
  QuotaCheck: true satisfies Same<Out<typeof QuotaCheck>, QuotaAnswer>,
  Credits: true satisfies Same<Out<typeof Credits>, CreditsView>,
  Reservation: true satisfies Same<Out<typeof Reservation>, ReserveAnswer>,
  Commit: true satisfies Same<Out<typeof Commit>, CommitAnswer>,
  UsageIngest: true satisfies Same<Out<typeof UsageIngest>, IngestResult>,
  UsageSummary: true satisfies Same<Out<typeof UsageSummary>, UsageSummaryView>,
  UsageSeries: true satisfies Same<Out<typeof UsageSeries>, UsageSeriesView>,
  IssuedLicense: true satisfies Same<Out<typeof IssuedLicense>, IssuedLicenseView>,
  License: true satisfies Same<Out<typeof License>, LicenseView>,
  LicenseValidation: true satisfies Same<Out<typeof LicenseValidation>, LicenseValidationView>,
  Subscription: true satisfies Same<Out<typeof Subscription>, SubscriptionView>,
  Preview: true satisfies Same<Out<typeof Preview>, PlanChangePreview>,
  InvoiceList: true satisfies Same<Out<typeof InvoiceList>, Awaited<ReturnType<typeof listInvoices>>>,
  InvoiceDetail: true satisfies Same<Out<typeof InvoiceDetail>, Awaited<ReturnType<typeof getInvoice>>>,
  UpcomingInvoice: true satisfies Same<Out<typeof UpcomingInvoice>, UpcomingInvoiceView>,
  AuditEntry: true satisfies Same<Out<typeof AuditEntry>, AuditEntryView>,
  AuditLog: true satisfies Same<Out<typeof AuditLog>, Awaited<ReturnType<typeof listAuditLog>>>,
};

import { z } from 'zod';
import type { OperatorMetrics as OperatorMetricsView } from '../operator/operator-metrics';
import { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES } from '../audit/audit-actions';
import type { AuditEntry as AuditEntryView } from '../audit/audit-log';
import type { listAuditLog } from '../audit/list-audit-log';
import type { getInvoice, listInvoices } from '../billing/invoices-view';
import type { UpcomingInvoice as UpcomingInvoiceView } from '../billing/upcoming-invoice';
import type { PlanChangePreview } from '../billing/preview-plan-change';
import type { SubscriptionView } from '../billing/subscription-state';
import type { FeatureCheck as FeatureCheckView } from '../entitlements/check-feature';
import type { Entitlements as EntitlementsView } from '../entitlements/entitlements-of';
import type { ApiKeyView, ListedApiKeyView } from '../identity/api-keys';
import type { listApiKeys } from '../identity/api-keys';
import type { login } from '../identity/login';
import type { TotpEnrolment as TotpEnrolmentView } from '../identity/mfa';
import type { Me as MeView } from '../identity/get-me';
import type { OrgView } from '../identity/get-org';
import type { InvitationView, JoinView, listInvitations, myInvitations } from '../identity/invitations';
import type { listMembers, MemberView } from '../identity/org-members';
import type { SignUpResult } from '../identity/signup';
import type { Tokens } from '../identity/tokens';
import type { LicenseView } from '../licenses/license-view';
import type { IssuedLicense as IssuedLicenseView, listOrgLicenses } from '../licenses/manage-licenses';
import type { LicenseValidation as LicenseValidationView } from '../licenses/validate-license';
import { featureSchema, metricSchema } from '../plans/catalog';
import { AGGREGATIONS } from '../plans/catalog-schema';
import type { QuotaAnswer } from '../quota/quota-answer';
import type { CreditsView } from '../credits/credits-view';
import type { ReserveAnswer } from '../holds/reserve';
import type { CommitAnswer } from '../holds/settle-hold';
import type { IngestResult } from '../usage/ingest';
import type { listObjects, listVersions } from '../sync/read-objects';
import type { RestoredVersionView } from '../sync/restore-version';
import type { CommittedVersionView, SyncObjectView, SyncVersionView, UploadTicketView } from '../sync/views';
import type { UsageSeries as UsageSeriesView, UsageSummary as UsageSummaryView } from '../usage/read-usage';
import { API_KEY_SCOPES, ORG_ROLES } from '../identity/roles';
import type { TelemetryIngestResult } from '../analytics/ingest';
import type { AnalyticsRow } from '../analytics/read-analytics';

/**
 * Success and error bodies (CONTRACT §1, §3), hand-written because the handlers validate requests only. Each schema is
 * named after the contract's object and registered here; infra/openapi turns the registry into `components.schemas`,
 * the MCP tools answer through them (shared/mcp/tools.ts) and the typed client's response types are derived from them
 * (shared/client/argus-client.ts), so REST, MCP and the client share one definition. Drift is caught at compile time:
 * the `Same<>` checks at the bottom fail `npm run typecheck` when a shared/ view type and its schema here stop matching.
 */
export const components = z.registry<{ id: string; description?: string }>();

const isoTime = z.iso.datetime().describe('ISO-8601 UTC');
const capType = z.enum(['hard', 'soft']);

export const Money = z.object({ amount: z.number().int().describe('minor units'), currency: z.literal('usd') }).register(components, { id: 'Money' });
export const AccruedMoney = z
  .object({ amount: z.string().regex(/^\d+(\.\d{1,6})?$/).describe('decimal minor units as a string: sub-cent accrual, exact to a micro-cent'), currency: z.literal('usd') })
  .register(components, { id: 'AccruedMoney', description: 'CONTRACT §1: Money whose amount is a decimal string of minor units (overage accrual, rounded to a cent only on the invoice).' });
export const Period = z.object({ start: isoTime, end: isoTime }).register(components, { id: 'BillingPeriod' });

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

export const Health = z.object({ status: z.literal('ok') }).register(components, { id: 'Health' });
export const SignUp = z
  .object({ userId: z.string(), email: z.string(), orgId: z.string().nullable().describe('null until the email is confirmed'), confirmed: z.boolean() })
  .register(components, { id: 'SignUpResult' });
const tokenFields = { accessToken: z.string(), idToken: z.string(), expiresIn: z.number().int().describe('seconds'), tokenType: z.literal('Bearer') };
export const RefreshedTokens = z.object(tokenFields).register(components, { id: 'RefreshedTokens' });
export const LoginTokens = z.object({ ...tokenFields, refreshToken: z.string() }).register(components, { id: 'LoginTokens' });
export const MfaChallenge = z
  .object({ challenge: z.literal('totp'), session: z.string().describe('for POST /v1/auth/mfa; valid 3 minutes') })
  .register(components, { id: 'MfaChallenge', description: 'Login with MFA on: send the session and a code to POST /v1/auth/mfa' });
export const LoginResult = z.union([LoginTokens, MfaChallenge]).register(components, { id: 'LoginResult' });
export const TotpEnrolment = z
  .object({ secret: z.string().describe('base32'), otpauthUri: z.string().describe('otpauth://totp/… for a QR code') })
  .register(components, { id: 'TotpEnrolment' });
export const MfaEnabled = z.object({ enabled: z.literal(true) }).register(components, { id: 'MfaEnabled' });
// Additions: the contract says only "→ 200" for these; the handlers answer a one-field acknowledgement.
export const Confirmed = z.object({ confirmed: z.literal(true) }).register(components, { id: 'Confirmed' });
export const Reset = z.object({ reset: z.literal(true) }).register(components, { id: 'PasswordReset' });
export const Accepted = z.object({ accepted: z.literal(true) }).register(components, { id: 'Accepted' });

export const Me = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    defaultOrgId: z.string(),
    orgs: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.enum(ORG_ROLES), planId: z.string() })),
  })
  .register(components, { id: 'Me' });
export const Org = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    planId: z.string(),
    createdAt: isoTime,
    seats: z.object({ used: z.number().int(), limit: z.number().int().nullable().describe('null = unlimited') }),
  })
  .register(components, { id: 'Org' });
export const Member = z
  .object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: z.enum(ORG_ROLES), joinedAt: isoTime })
  .register(components, { id: 'Member' });
/** CONTRACT §1: every list answers its array beside `nextCursor`, the `?cursor=` of the next page (null at the end). */
const nextCursor = z.string().nullable().describe('opaque; pass as ?cursor= for the next page; null at the end');
export const MemberList = z.object({ members: z.array(Member), nextCursor }).register(components, { id: 'MemberList' });
export const Invitation = z
  .object({ id: z.string(), email: z.string(), role: z.enum(ORG_ROLES), expiresAt: isoTime })
  .register(components, { id: 'Invitation', description: 'The same whether or not an account uses the email.' });
export const InvitationList = z.object({ invitations: z.array(Invitation), nextCursor }).register(components, { id: 'InvitationList' });
export const ReceivedInvitation = z
  .object({ id: z.string(), orgId: z.string(), orgName: z.string(), role: z.enum(ORG_ROLES), expiresAt: isoTime })
  .register(components, { id: 'ReceivedInvitation' });
export const ReceivedInvitationList = z.object({ invitations: z.array(ReceivedInvitation), nextCursor }).register(components, { id: 'ReceivedInvitationList' });
export const Join = z.object({ orgId: z.string(), userId: z.string(), role: z.enum(ORG_ROLES), joinedAt: isoTime }).register(components, { id: 'InvitationAccepted' });
const apiKeyFields = { id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)), createdAt: isoTime };
export const ApiKey = z.object(apiKeyFields).register(components, { id: 'ApiKey' });
export const CreatedApiKey = z
  .object({ ...apiKeyFields, key: z.string().describe('ak_…; shown in this answer only') })
  .register(components, { id: 'CreatedApiKey' });
export const ListedApiKey = z
  .object({ ...apiKeyFields, createdBy: z.object({ type: z.literal('user'), id: z.string() }).nullable().describe('null: made by an operator, not through the API') })
  .register(components, { id: 'ListedApiKey' });
export const ApiKeyList = z.object({ apiKeys: z.array(ListedApiKey), nextCursor }).register(components, { id: 'ApiKeyList' });

// Metric and feature enums come from the loaded catalog file (catalog/ or ARGUS_CATALOG_DIR): the document follows the data.
const featureFlags = z.record(featureSchema, z.boolean());
const limits = z.record(metricSchema, z.object({ included: z.number(), capType }));
export const Entitlements = z
  .object({ planId: z.string(), features: featureFlags, limits, rateLimit: z.object({ requestsPerMinute: z.number().int() }) })
  .register(components, { id: 'Entitlements' });
export const FeatureCheck = z
  .object({ allowed: z.boolean(), planId: z.string(), reason: z.enum(['included', 'not_in_plan', 'subscription_inactive']) })
  .register(components, { id: 'EntitlementCheck' });
export const QuotaCheck = z
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

export const Grant = z
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
export const Credits = z
  .object({ balances: z.record(z.string(), z.number()).describe('spendable credits per metric (active grants only)'), grants: z.array(Grant), nextCursor: z.string().nullable() })
  .register(components, { id: 'Credits' });
export const Reservation = z
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
export const SpendLimit = z
  .object({ monthlyOverage: Money.nullable().describe('the monthly overage budget in the billing currency (whole minor units); null: no limit') })
  .register(components, { id: 'SpendLimit' });
export const Commit = z
  .object({ committed: z.number(), used: z.number(), remaining: z.number(), exceeded: z.boolean() })
  .register(components, { id: 'HoldCommit' });

export const UsageIngest = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), error: z.string().describe('snake_case reason'), message: z.string() })),
  })
  .register(components, { id: 'UsageIngestResult' });
export const UsageSummary = z
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
export const UsageSeries = z
  .object({
    metric: metricSchema,
    period: Period.describe('the billing period, or with ?from=&to= the range (start of from to the end of to)'),
    total: z.number().describe('the sum of the series (a gauge: its maximum)'),
    series: z.array(z.object({ start: isoTime, value: z.number() })).describe('daily buckets: UTC days, the first starting at the period start'),
  })
  .register(components, { id: 'UsageSeries' });

export const IssuedLicense = z
  .object({ id: z.string(), key: z.string().describe('shown in this answer only'), planId: z.string(), maxDevices: z.number().int().nullable(), expiresAt: isoTime.nullable() })
  .register(components, { id: 'IssuedLicense' });
export const License = z
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
export const LicenseList = z.object({ licenses: z.array(License), nextCursor }).register(components, { id: 'LicenseList' });
export const LicenseValidation = z
  .discriminatedUnion('valid', [
    z.object({ valid: z.literal(true), planId: z.string(), expiresAt: isoTime.nullable(), features: featureFlags, quotas: limits, cachedUntil: isoTime }),
    z.object({ valid: z.literal(false), reason: z.enum(['unknown', 'revoked', 'expired', 'device_limit']) }),
  ])
  .register(components, { id: 'LicenseValidation' });

// `GET /v1/plans`: the current version of the catalog file, each plan's allowances completed by its metric's unit,
// aggregation and overage unit size.
export const Plan = z
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
export const CreditPack = z
  .object({ id: z.string(), metric: metricSchema, quantity: z.number().int(), price: Money, validDays: z.number().int() })
  .register(components, { id: 'CreditPack' });
export const PlanList = z
  .object({ catalogVersion: z.number().int().describe('the current catalog version (subscriptions keep the version they started on)'), plans: z.array(Plan), creditPacks: z.array(CreditPack) })
  .register(components, { id: 'PlanList' });
export const CheckoutSession = z.object({ id: z.string(), url: z.url() }).register(components, { id: 'CheckoutSession' });
export const PortalSession = z.object({ url: z.url() }).register(components, { id: 'PortalSession' });
export const OperatorMetrics = z
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
export const Subscription = z
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
export const Preview = z
  .object({ amountDue: Money, lines: z.array(z.object({ description: z.string(), amount: Money })) })
  .register(components, { id: 'SubscriptionPreview' });
export const Invoice = z
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
export const InvoiceDetail = Invoice.extend({
  lines: z.array(z.object({ description: z.string(), quantity: z.number().nullable(), amount: Money, periodStart: isoTime, periodEnd: isoTime })),
}).register(components, { id: 'InvoiceDetail' });
export const InvoiceList = z
  .object({ invoices: z.array(Invoice), nextCursor: z.string().nullable().describe('opaque; pass as `?cursor=` for the next page, null at the end') })
  .register(components, { id: 'InvoiceList' });
export const McpResponse = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.string(), z.number().int()]).nullable(),
    result: z.record(z.string(), z.unknown()).optional(),
    error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
  })
  .register(components, { id: 'McpResponse', description: 'A JSON-RPC 2.0 response (MCP, Streamable HTTP with JSON responses); a batch answers an array of them' });
export const TelemetryIngest = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), error: z.enum(['invalid_event', 'timestamp_out_of_window']), message: z.string() })),
  })
  .register(components, { id: 'TelemetryIngest' });
export const AnalyticsRows = z
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
export const WebhookReceived = z.object({ received: z.literal(true) }).register(components, { id: 'WebhookReceived' });
export const UpcomingInvoice = z
  .object({
    amountDue: Money,
    periodStart: isoTime.describe('start of the period whose usage the invoice bills'),
    periodEnd: isoTime,
    lines: z.array(z.object({ description: z.string(), quantity: z.number().nullable(), amount: Money, periodStart: isoTime, periodEnd: isoTime })),
  })
  .register(components, { id: 'UpcomingInvoice' });
export const AuditEntry = z
  .object({
    id: z.string(),
    at: isoTime,
    actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string().describe('user id, API key id, Stripe event id, operator key id or system job') }),
    action: z.enum(AUDIT_ACTIONS),
    target: z.string().describe('what changed, as `<kind>:<id>` (member:<userId>, api_key:<keyId>, subscription:<id>, ...)'),
    details: z.record(z.string(), z.unknown()),
  })
  .register(components, { id: 'AuditEntry' });
export const AuditLog = z
  .object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable().describe('opaque; pass as `?cursor=` for the next page, null at the end') })
  .register(components, { id: 'AuditLog' });

const syncObjectType = z.enum(['memory_context', 'project_config']);
const sha256Checksum = z.string().regex(/^sha256:[0-9a-f]{64}$/).describe('`sha256:` and the lowercase hex SHA-256 of the bytes');
export const SyncUploadTicket = z
  .object({
    objectId: z.string(),
    version: z.number().int().describe('versions only grow; one allocated to an upload that never commits leaves a gap'),
    uploadUrl: z.string().describe('a presigned S3 PUT (≤ 15 min): content-length and x-amz-checksum-sha256 are signed headers'),
    uploadHeaders: z.record(z.string(), z.string()).describe('send these with the PUT (x-amz-checksum-sha256); content-length comes from the body'),
    uploadExpiresAt: isoTime,
  })
  .register(components, { id: 'SyncUploadTicket' });
export const SyncCommittedVersion = z
  .object({ objectId: z.string(), version: z.number().int(), checksum: sha256Checksum, sizeBytes: z.number().int(), committedAt: isoTime })
  .register(components, { id: 'SyncCommittedVersion' });
export const SyncRestoredVersion = SyncCommittedVersion.extend({ restoredFrom: z.number().int() }).register(components, { id: 'SyncRestoredVersion' });
export const SyncObject = z
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
export const SyncObjectList = z.object({ objects: z.array(SyncObject), nextCursor }).register(components, { id: 'SyncObjectList' });
export const SyncVersion = z
  .object({
    version: z.number().int(),
    checksum: sha256Checksum,
    sizeBytes: z.number().int(),
    deviceId: z.string(),
    committedAt: isoTime,
    restoredFrom: z.number().int().nullable().describe('the version a restore copied; null for an upload'),
  })
  .register(components, { id: 'SyncVersion' });
export const SyncVersionList = z.object({ versions: z.array(SyncVersion), nextCursor }).register(components, { id: 'SyncVersionList' });

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

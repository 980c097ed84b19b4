import { z } from 'zod';
import { usageEventSchema } from '../../events/usage';
import { orgParams, planCheckoutBody, previewBody } from '../billing/request-schemas';
import { checkFeature } from '../entitlements/check-feature';
import { entitlementCheckBody } from '../entitlements/request-schemas';
import { getOrgEntitlements } from '../entitlements/get-entitlements';
import { pageQuerySchema } from '../http/pagination';
import * as responses from '../http/response-schemas';
import { authorizeOrg } from '../identity/authorize-org';
import { defaultOrgOf } from '../identity/default-org';
import { validateToken } from '../identity/validate-token';
import { metricSchema } from '../plans/catalog';
import { checkQuotaAs } from '../quota/check-quota';
import { quotaCheckBody } from '../quota/request-schemas';
import { usageQuery } from '../usage/usage-query';
import { commitBody, holdParams, reserveBody } from '../holds/request-schemas';
import { asTwinBody, defineTool, snakeShape, type AnyTool, type ToolHints } from './tool';

/**
 * The MCP tools (CONTRACT §6), one entry each: the remote server (`POST /v1/mcp`) runs them in-process and
 * `npx argus mcp` reaches the same entries through that endpoint. Adding a tool is adding an entry: its twin route's
 * scopes and role, its schemas and its one shared/ call.
 */

const READ: ToolHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const orgId = orgParams.shape.orgId.max(128).describe('the org id (org_…); see get_user_tier or validate_token for the caller’s own org');
const money = (m: { amount: number }) => `$${(m.amount / 100).toFixed(2)}`;

const validation = z.object({
  valid: z.boolean(),
  reason: z.string().nullable().describe('why the credential is not accepted: missing, malformed, expired, id_token, invalid_token, invalid_key, session_ended'),
  principal: z.enum(['user', 'apiKey']).nullable(),
  userId: z.string().nullable(),
  email: z.string().nullable(),
  orgId: z.string().nullable().describe("a user's default org, a key's own org; null for the platform service key"),
  tier: z.string().nullable().describe('the plan in force for orgId now'),
  scopes: z.array(z.string()).nullable().describe("an API key's scopes"),
  expiresAt: z.string().nullable().describe('an access token’s expiry (ISO-8601); keys do not expire'),
});

const usageArgs = usageQuery.in.shape;
const holdId = holdParams.shape.holdId.describe('the hold_id reserve_quota answered');
/** REST answers a release with 204 and no body; a tool result is an object, so release_hold says what it did. */
const released = z.object({ released: z.literal(true), holdId: z.string() });
const pageArgs = { limit: z.number().int().min(1).max(100).optional().describe('1-100, default 50'), cursor: pageQuerySchema.shape.cursor };
const recordShape = usageEventSchema.shape;

export const TOOLS: AnyTool[] = [
  defineTool({
    name: 'validate_token',
    title: 'Validate a token',
    description:
      'Check whether a bearer credential someone gave you (a Cognito access token or an Argus API key "ak_…") is accepted by Argus right now, and whose it is: user id, email, default org and its plan (tier), or the key\'s org and scopes. Use it before trusting a token a person or service hands you. Costs one lookup; reads only. An invalid, expired, revoked or logged-out credential is an ordinary answer with valid: false and the reason, not an error. Never returns or stores the token.',
    twin: null,
    input: z.object({ token: z.string().min(1).max(8192).describe('the credential itself, without the "Bearer " prefix') }),
    output: validation,
    annotations: READ,
    run: (args) => validateToken(args.token),
    summary: (r) => (r.valid ? `valid ${r.principal}${r.userId ? ` ${r.userId}` : ''}${r.orgId ? ` (org ${r.orgId}, plan ${r.tier})` : ''}` : `not valid: ${r.reason}`),
  }),
  defineTool({
    name: 'get_user_tier',
    title: "Get an org's plan, limits and features",
    description:
      'The plan (tier) in force for an org now, its rate limit (requests per minute), which features it includes and each metric\'s included allowance and cap type (hard: refused past it; soft: overage billed). Without org_id: the caller\'s own org (an org key\'s org; a user\'s default org). Use it to explain what an org may do before checking a specific feature or quota. Reads only; costs nothing.',
    twin: 'GET /v1/orgs/{orgId}/entitlements',
    orgOf: (args, ctx) => (args.org_id ? Promise.resolve(args.org_id) : defaultOrgOf(ctx.identity, 'arguments.org_id')),
    input: z.object({ org_id: orgId.optional().describe("the org; default: the caller's own (an org key's org, a user's default org)") }),
    output: responses.Entitlements.extend({ orgId: z.string() }),
    run: async (_, ctx) => ({ orgId: ctx.orgId!, ...(await getOrgEntitlements(ctx.orgId!)) }),
    annotations: READ,
    summary: (r) => `org ${r.orgId}: plan ${r.planId}, ${r.rateLimit.requestsPerMinute} requests/min, features: ${Object.entries(r.features).filter(([, on]) => on).map(([f]) => f).join(', ') || 'none'}`,
  }),
  defineTool({
    name: 'check_entitlement',
    title: 'Check a feature',
    description:
      'Whether an org may use one feature now, with the plan in force and the reason (included, not_in_plan, subscription_inactive when its paid subscription lapsed). Use it before doing work that needs a paid feature. Reads only; costs nothing. allowed: false is an answer, not an error; it never changes the plan.',
    twin: 'POST /v1/entitlements/check',
    input: z.object(snakeShape(entitlementCheckBody.shape)),
    output: responses.FeatureCheck,
    annotations: READ,
    run: async (args, ctx) => {
      await authorizeOrg(ctx.identity, args.org_id);
      return checkFeature(args.org_id, args.feature);
    },
    summary: (r, a) => `${a.feature}: ${r.allowed ? 'allowed' : `not allowed (${r.reason})`} on plan ${r.planId}`,
  }),
  defineTool({
    name: 'check_quota',
    title: 'Check a quota',
    description:
      "Whether `quantity` more of a metric fits the org's allowance this billing period: used, limit (the plan's included amount), remaining and when the period resets. Use it before starting metered work (LLM tokens, agent executions, API calls, storage). Reads only: it never records or reserves usage (record_usage reports work done). allowed: false is an answer, not an error.",
    twin: 'POST /v1/quota/check',
    input: z.object({ org_id: quotaCheckBody.shape.orgId, metric: quotaCheckBody.shape.metric, quantity: quotaCheckBody.shape.quantity }),
    output: responses.QuotaCheck,
    annotations: READ,
    run: (args, ctx) => checkQuotaAs(ctx.identity, { orgId: args.org_id, metric: args.metric, quantity: args.quantity }),
    summary: (r, a) => `${a.quantity} ${a.metric}: ${r.allowed ? 'fits' : 'does not fit'} (used ${r.used} of ${r.limit}, ${r.remaining} remaining, resets ${r.resetAt})`,
  }),
  defineTool({
    name: 'get_credits',
    title: "Get an org's prepaid credits",
    description:
      "The org's prepaid credit balance per metric (what active grants still cover once the plan's included amount is used up) and one page of its grants, soonest expiry and source (purchase or grant) shown. Use it to explain why usage past the allowance is still allowed or not billed. Pass next_cursor back as `cursor` for the next page (null at the end). Reads only; costs nothing; it never grants or buys credits.",
    twin: 'GET /v1/orgs/{orgId}/credits',
    input: z.object({ org_id: orgId, ...pageArgs }),
    output: responses.Credits,
    annotations: READ,
    run: async ({ org_id, ...page }) => {
      const { creditsOf } = await import('../credits/credits-view');
      return creditsOf(org_id, asTwinBody(pageQuerySchema, page));
    },
    summary: (r) => `credits: ${Object.entries(r.balances).map(([m, n]) => `${m} ${n}`).join(', ') || 'none'}; ${r.grants.length} grant${r.grants.length === 1 ? '' : 's'}${r.nextCursor ? ' (more: pass nextCursor as cursor)' : ''}`,
  }),
  defineTool({
    name: 'reserve_quota',
    title: 'Reserve quota (a hold)',
    description:
      "Hold `quantity` of a metric against the org's allowance before long or costly metered work, so concurrent work cannot use it up meanwhile; then commit_hold with what was really used, or release_hold if the work did not happen. A hold counts against the cap at once and is released by itself after ttl_seconds (default 300). `id` is the idempotency key: repeating a reserve answers the same hold, and the later commit records its usage under that id. On a hard cap a reserve that does not fit answers reserved: false (an answer, not an error) and holds nothing. Needs an admin's token or a key with quota:check. Costs nothing itself; no money moves.",
    twin: 'POST /v1/quota/reserve',
    input: z.object({
      ...snakeShape(reserveBody.shape),
      id: reserveBody.shape.id.describe('idempotency key of the hold (1-128 characters), also the usage event id its commit records'),
      ttl_seconds: reserveBody.shape.ttlSeconds.describe('1-3600, default 300: an uncommitted hold is released after this'),
    }),
    output: responses.Reservation,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: async (args, ctx) => {
      const { reserveAs } = await import('../holds/reserve');
      return reserveAs(ctx.identity, asTwinBody(reserveBody, args));
    },
    summary: (r, a) => (r.reserved ? `held ${a.quantity} ${a.metric} as ${r.holdId} until ${r.expiresAt} (${r.remaining} remaining)` : `not reserved: ${a.quantity} ${a.metric} does not fit (${r.remaining} remaining)`),
  }),
  defineTool({
    name: 'commit_hold',
    title: 'Commit a hold',
    description:
      "Finish a hold made with reserve_quota: records `quantity` (what the work really used) as usage exactly once, under the hold's id, and frees the rest of the hold. A quantity above the hold is still recorded (the work was done) and answers exceeded: true when that passes a hard cap. Repeating the same commit answers the same; a different quantity, or a released or expired hold, is refused (conflict). Needs what reserve_quota needs. Recorded usage counts toward the org's allowance and, on paid plans, its overage bill.",
    twin: 'POST /v1/quota/holds/{holdId}/commit',
    input: z.object({ hold_id: holdId, quantity: commitBody.shape.quantity.describe('what the work used (> 0); may differ from the held quantity') }),
    output: responses.Commit,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: async (args, ctx) => {
      const { commitAs } = await import('../holds/settle-hold');
      return commitAs(ctx.identity, args.hold_id, asTwinBody(commitBody, { quantity: args.quantity }).quantity);
    },
    summary: (r, a) => `committed ${r.committed} on ${a.hold_id} (used ${r.used}, ${r.remaining} remaining${r.exceeded ? ', hard cap exceeded' : ''})`,
  }),
  defineTool({
    name: 'release_hold',
    title: 'Release a hold',
    description:
      'Give a hold made with reserve_quota back without recording any usage, when the work it was for did not happen; its quantity (and any credits it held) is free again at once. Repeating it is harmless; a hold already committed is refused (conflict). Needs what reserve_quota needs. Records nothing; no money moves.',
    twin: 'POST /v1/quota/holds/{holdId}/release',
    input: z.object({ hold_id: holdId }),
    output: released,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: async (args, ctx) => {
      const { releaseAs } = await import('../holds/settle-hold');
      await releaseAs(ctx.identity, args.hold_id);
      return { released: true as const, holdId: args.hold_id };
    },
    summary: (r) => `released ${r.holdId}`,
  }),
  defineTool({
    name: 'record_usage',
    title: 'Record usage',
    description:
      "Report metered work that already happened (one usage event) so it counts toward the org's allowance and, on paid plans, its overage bill. `id` is the idempotency key: sending the same event again never counts twice, and reusing an id for another metric or quantity is refused. Needs an admin's token or a key with usage:write. Usage past an allowance is still recorded (it happened); check_quota first to decide whether to do the work. An event Argus will not count (bad quantity, timestamp outside the last 35 days) comes back in `rejected` with the reason.",
    twin: 'POST /v1/usage',
    input: z.object({
      org_id: recordShape.orgId,
      id: recordShape.id.describe('idempotency key of this event (1-128 characters), unique per org'),
      metric: metricSchema,
      quantity: recordShape.quantity.describe('> 0; whole on counted metrics, ≤ 6 decimals on storage_gb, ≤ 10^12. For llm_tokens it may be left out when properties carry tokensIn/tokensOut'),
      timestamp: recordShape.timestamp.describe('when the work happened (ISO-8601); default now; within the last 35 days'),
      properties: recordShape.properties.describe('llm_tokens: { provider, model, tokensIn, tokensOut } prices the tokens'),
    }),
    output: responses.UsageIngest,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: async (args, ctx) => {
      const { ingestUsage } = await import('../usage/ingest');
      const { org_id, ...event } = args;
      return ingestUsage(ctx.identity, [{ ...event, orgId: org_id }]);
    },
    summary: (r, a) => (r.accepted ? `recorded ${a.quantity ?? ''} ${a.metric} (event ${a.id})`.replace('  ', ' ') : `not recorded: ${r.rejected.map((x) => `${x.error}: ${x.message}`).join('; ')}`),
  }),
  defineTool({
    name: 'get_usage',
    title: "Get an org's usage",
    description:
      "The org's usage per metric for a billing period (the current one by default, `previous`, or the one in force `at` a timestamp): used, included, remaining, percent, overage and its accrued cost, and the projected total at the period's end. Use it to answer how much has been used or will be billed as overage. Reads only; costs nothing.",
    twin: 'GET /v1/orgs/{orgId}/usage',
    input: z.object({ org_id: orgId, ...usageArgs }),
    output: responses.UsageSummary,
    annotations: READ,
    run: async ({ org_id, ...query }) => {
      const { usageSummary } = await import('../usage/read-usage');
      return usageSummary(org_id, asTwinBody(usageQuery, query));
    },
    summary: (r) => `${r.period.start} to ${r.period.end}: ${r.metrics.map((m) => `${m.metric} ${m.used}/${m.included}${m.overage ? ` (overage ${m.overage})` : ''}`).join(', ')}`,
  }),
  defineTool({
    name: 'get_subscription',
    title: "Get an org's subscription",
    description:
      "The org's subscription as Argus last heard from Stripe: plan, status (active, trialing, past_due, canceled, unpaid, incomplete), current period, trial end and whether it cancels at the period's end. An org without a paid plan reads explorer/active. Reads only; no Stripe call.",
    twin: 'GET /v1/orgs/{orgId}/subscription',
    input: z.object({ org_id: orgId }),
    output: responses.Subscription,
    annotations: READ,
    run: async (args) => {
      const { getSubscription } = await import('../billing/get-subscription');
      return getSubscription(args.org_id);
    },
    summary: (r) => `plan ${r.planId}, ${r.status}${r.currentPeriodEnd ? `, period ends ${r.currentPeriodEnd}` : ''}${r.cancelAtPeriodEnd ? ', cancels at period end' : ''}`,
  }),
  defineTool({
    name: 'preview_plan_change',
    title: 'Preview a plan change',
    description:
      "What switching the org's paid subscription to another paid plan now would charge at once (Stripe's proration: credit for the unused time, charge for the new plan), line by line, in Money (integer cents). Use it before proposing an upgrade or downgrade to a person. Needs an admin's or owner's token (API keys cannot). It only previews and reads only: nothing changes and no money moves. An org without a paid subscription is refused; it starts one with create_checkout.",
    twin: 'POST /v1/orgs/{orgId}/subscription/preview',
    input: z.object({ org_id: orgId, ...snakeShape(previewBody.shape) }),
    output: responses.Preview,
    annotations: { ...READ, openWorldHint: true },
    run: async ({ org_id, ...body }) => {
      const { previewPlanChange } = await import('../billing/preview-plan-change');
      return previewPlanChange(org_id, asTwinBody(previewBody, body).planId);
    },
    summary: (r) => `due now: ${money(r.amountDue)} (${r.lines.length} line${r.lines.length === 1 ? '' : 's'})`,
  }),
  defineTool({
    name: 'create_checkout',
    title: 'Create a checkout link',
    description:
      'Start a Stripe Checkout for moving an org from the free plan to a paid plan: returns a URL that a person must open and pay themselves. No money moves until that person completes the payment page; no tool moves money by itself. Use it only when a person asked to upgrade; give them the URL. Needs an admin\'s or owner\'s token (API keys cannot). Refused when the org already has a paid subscription (then change the plan instead). Creating one expires the org\'s other open checkout links. success_url and cancel_url must lie on the stage\'s allowed origins.',
    twin: 'POST /v1/orgs/{orgId}/checkout',
    input: z.object({ org_id: orgId, ...snakeShape(planCheckoutBody.omit({ packId: true }).shape) }),
    output: responses.CheckoutSession,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    run: async ({ org_id, ...body }, ctx) => {
      const { createCheckout } = await import('../billing/create-checkout');
      const { auditActor } = await import('../audit/audit-log');
      return createCheckout(org_id, asTwinBody(planCheckoutBody, body), auditActor(ctx.identity));
    },
    summary: (r) => `checkout ${r.id}: a person must open ${r.url} to pay`,
  }),
  defineTool({
    name: 'list_invoices',
    title: "List an org's invoices",
    description:
      "One page of the org's invoices, newest first: number, status, amount due and paid (Money, integer cents), period and links to the hosted invoice page and PDF. Pass next_cursor back as `cursor` for the next page (null at the end). Reads only; no Stripe call.",
    twin: 'GET /v1/orgs/{orgId}/invoices',
    input: z.object({ org_id: orgId, ...pageArgs }),
    output: responses.InvoiceList,
    annotations: READ,
    run: async ({ org_id, ...page }) => {
      const { listInvoices } = await import('../billing/invoices-view');
      return listInvoices(org_id, asTwinBody(pageQuerySchema, page));
    },
    summary: (r) => (r.invoices.length ? r.invoices.map((i) => `${i.number ?? i.id} ${i.status} ${money(i.amountDue)}`).join('; ') : 'no invoices') + (r.nextCursor ? ' (more: pass nextCursor as cursor)' : ''),
  }),
];

import { randomUUID } from 'node:crypto';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { getBillingCustomer } from '../billing/billing-customer';
import { getSubscription } from '../billing/get-subscription';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorizeAs } from '../http/authorize';
import { metricIds as METRICS, type Metric } from '../plans/catalog';
import { checkQuotaAs } from '../quota/check-quota';
import { readOrgUsage } from '../quota/read-org-usage';
import { ingestUsage } from '../usage/ingest';
import type { BillingService } from './gen/argus/billing/v1/billing_pb';
import { caller } from './rpc-handler';
import { targetOrg } from './target-org';
import { tierOf } from './tier';

const SUBSCRIPTION_READ = 'GET /v1/orgs/{orgId}/subscription';
const ID_MAX = 128;

/**
 * `argus.billing.v1.BillingService` (CONTRACT §9). Each method is its REST twin's authorization (authorizeAs with the
 * twin's route key) and the twin's one call into shared/; only the message mapping lives here.
 */
export const billingService: ServiceImpl<typeof BillingService> = {
  async getSubscription(req, ctx) {
    const identity = caller(ctx);
    const orgId = await targetOrg(identity, req);
    await authorizeAs(SUBSCRIPTION_READ, identity, orgId);
    const s = await getSubscription(orgId);
    return {
      orgId,
      planId: s.planId,
      tier: tierOf(s.planId),
      status: s.status,
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
      ...(s.currentPeriodStart ? { currentPeriodStart: timestampFromDate(new Date(s.currentPeriodStart)) } : {}),
      ...(s.currentPeriodEnd ? { currentPeriodEnd: timestampFromDate(new Date(s.currentPeriodEnd)) } : {}),
      ...(s.trialEnd ? { trialEnd: timestampFromDate(new Date(s.trialEnd)) } : {}),
    };
  },

  async checkQuota(req, ctx) {
    const identity = caller(ctx);
    const orgId = await targetOrg(identity, req);
    await authorizeAs('POST /v1/quota/check', identity);
    const metric = metricOf(req.resource, 'resource');
    if (!(Number.isFinite(req.requested) && req.requested > 0)) throw new ValidationError([{ path: 'requested', message: 'Must be a number greater than 0' }]);
    if (req.id.length > ID_MAX) throw new ValidationError([{ path: 'id', message: `At most ${ID_MAX} characters` }]);
    const answer = await renamed({ 'body.quantity': 'requested', 'body.consume': 'consume' }, () =>
      checkQuotaAs(identity, { orgId, metric, quantity: req.requested, consume: req.consume, ...(req.id ? { id: req.id } : {}) }),
    );
    return {
      allowed: answer.allowed,
      remaining: answer.remaining,
      resetAt: timestampFromDate(new Date(answer.resetAt)),
      used: answer.used,
      limit: answer.limit,
      duplicate: answer.duplicate === true,
    };
  },

  async recordUsage(req, ctx) {
    const identity = caller(ctx);
    const orgId = await targetOrg(identity, req);
    await authorizeAs('POST /v1/usage', identity);
    const metric = metricOf(req.metric, 'metric');
    if (req.id.length > ID_MAX) throw new ValidationError([{ path: 'id', message: `At most ${ID_MAX} characters` }]);
    const id = req.id || `rpc_${randomUUID()}`;
    const event = {
      id,
      orgId,
      metric,
      quantity: req.quantity,
      ...(req.timestamp ? { timestamp: timestampDate(req.timestamp).toISOString() } : {}),
      ...(req.metadata ? { properties: req.metadata } : {}),
    };
    const result = await ingestUsage(identity, [event]);
    const refusal = result.rejected[0];
    if (refusal) throw refusalError(refusal.error, refusal.message);
    const state = await readOrgUsage(orgId, metric, new Date());
    return { success: true, totalUsage: state?.used ?? 0, id, orgId };
  },

  async getCustomer(req, ctx) {
    const identity = caller(ctx);
    const orgId = await targetOrg(identity, req);
    await authorizeAs(SUBSCRIPTION_READ, identity, orgId);
    const c = await getBillingCustomer(orgId);
    return { orgId, customerId: c.customerId ?? '', email: c.email ?? '', planId: c.planId, tier: tierOf(c.planId), name: c.name, status: c.status };
  },
};

function metricOf(value: string, field: string): Metric {
  if (!(METRICS as readonly string[]).includes(value)) throw new ValidationError([{ path: field, message: `Unknown metric; one of ${METRICS.join(', ')}` }]);
  return value as Metric;
}

/** A usage event POST /v1/usage would list in `rejected`, as the error the RPC answers instead. */
function refusalError(code: string, message: string): AppError {
  if (code === 'conflict') return new ConflictError(message);
  if (code === 'unknown_org') return new NotFoundError('Org not found');
  const field = { invalid_quantity: 'quantity', unknown_metric: 'metric', timestamp_out_of_window: 'timestamp' }[code] ?? 'event';
  return new ValidationError([{ path: field, message }]);
}

/** Runs `fn`, naming refused fields as the RPC message does (the shared rules name them as the REST body does). */
async function renamed<T>(paths: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError && error.details) throw new ValidationError(error.details.map((d) => ({ ...d, path: paths[d.path] ?? d.path })), error.message);
    throw error;
  }
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { meterEventName, meterFormula } from '../billing/stripe-catalog';
import { stripeClient, type Stripe } from '../clients/stripe';
import { ddb, queryAll, tableName } from '../db/client';
import { getOrg, type Org } from '../db/orgs';
import { usageKeys } from '../db/usage-keys';
import { logger } from '../logger';
import { findPlan, type Plan } from '../plans/catalog';
import { METRICS, type Metric } from '../plans/catalog-schema';
import { readPeriodCounters } from './read-usage';
import type { BillingPeriod } from './period';

/** Stripe accepts meter events up to 35 days old; keep a margin so a late run does not send what Stripe refuses. */
const STRIPE_BACKDATE_LIMIT_MS = 35 * 86_400_000 - 3_600_000;

export interface SinkSummary {
  periods: number;
  sent: number;
  alreadyThere: number;
  skipped: string[];
  /** (org, metric) reports that failed this run; their watermarks are untouched, so the next run retries them. */
  failed: string[];
}

/**
 * Reports usage of paid orgs to Stripe Billing meters (`argus_<metric>`, payload `{ stripe_customer_id, value }`;
 * billing owns the meters and the graduated overage prices, whose first tier makes the included amount free, so the
 * whole usage is reported). Runs on a schedule; every run is safe to repeat or to crash at any point:
 *
 * - a watermark item per (org, period, metric) holds `reported` (what Stripe has) and `pending` (a send in flight);
 * - a send is first written as `pending` (conditional on the watermark it was computed from), then sent with the
 *   identifier `<org>:<metric>:<periodStart>:<pending>` (`sum`: counters only grow, so a level names one send) or
 *   `<org>:<metric>:<periodStart>:<seq>:<pending>` (`last`: a gauge can return to a level sent before, and reusing its
 *   identifier would be refused as a duplicate and leave Stripe on the older level), then committed as `reported`;
 * - a run that finds a `pending` resends exactly it: Stripe's identifier dedupe ("An event already exists with
 *   identifier …") makes that a no-op if the first send arrived, which counts as success.
 * `sum` meters get the increase since `reported`; `last` meters (max gauges) get the current level.
 */
export async function runMeterSink(now = new Date()): Promise<SinkSummary> {
  const summary: SinkSummary = { periods: 0, sent: 0, alreadyThere: 0, skipped: [], failed: [] };
  const stripe = await stripeClient();
  for (const entry of await meteredPeriods(now)) {
    if (Date.parse(entry.period.end) < now.getTime() - STRIPE_BACKDATE_LIMIT_MS) continue;
    const org = await getOrg(entry.orgId);
    const plan = org && findPlan(org.planId);
    if (!org || !plan || !org.stripeCustomerId) {
      summary.skipped.push(`${entry.orgId}: ${!org ? 'no org' : !org.stripeCustomerId ? 'no Stripe customer' : 'unknown plan'}`);
      continue;
    }
    summary.periods++;
    const counters = await readPeriodCounters(org.id, entry.period.start);
    for (const metric of billedMetrics(plan)) {
      const used = counters.get(metric)?.used ?? 0;
      if (used <= 0) continue;
      // One customer's failure (a deleted customer, a Stripe error) must not hold back every other org's billing.
      try {
        await reportMetric(stripe, org as Org & { stripeCustomerId: string }, plan, metric, entry.period, used, now, summary);
      } catch (error) {
        logger.error('meter report failed; retried next run', { orgId: org.id, metric, periodStart: entry.period.start, error: error as Error });
        summary.failed.push(`${org.id}:${metric}`);
      }
    }
  }
  return summary;
}

function billedMetrics(plan: Plan): Metric[] {
  return METRICS.filter((m) => plan.metrics[m].capType === 'soft' && plan.metrics[m].overageUnitAmount !== null);
}

/** The (org, period) pairs registered by the writers, for periods starting this month or the two before. */
async function meteredPeriods(now: Date): Promise<{ orgId: string; period: BillingPeriod }[]> {
  const months = [0, 1, 2].map((back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
  const entries: { orgId: string; period: BillingPeriod }[] = [];
  for (const month of months) {
    const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': usageKeys.meterIndexPk(month) } });
    for (const item of items) entries.push({ orgId: String(item.orgId), period: { start: String(item.periodStart), end: String(item.periodEnd) } });
  }
  return entries;
}

interface Mark {
  reported: number;
  pending?: number;
  /** Counts the pending sends of the watermark: names each send of a `last` meter. */
  seq?: number;
}

async function reportMetric(stripe: Stripe, org: Org & { stripeCustomerId: string }, plan: Plan, metric: Metric, period: BillingPeriod, used: number, now: Date, summary: SinkSummary) {
  const key = usageKeys.meterMark(org.id, period.start, metric);
  const formula = meterFormula(plan.metrics[metric].aggregation);
  let mark = await readMark(key);
  if (mark.pending !== undefined) mark = await sendAndCommit(stripe, org, metric, period, formula, mark, now, summary, key);
  if (used === mark.reported) return;
  if (formula === 'sum' && used < mark.reported) return; // counters only grow; nothing to take back
  let seq: number;
  try {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET pending = :pending, reported = if_not_exists(reported, :zero), seq = if_not_exists(seq, :zero) + :one',
        ConditionExpression: 'attribute_not_exists(pending) AND (attribute_not_exists(reported) OR reported = :reported)',
        ExpressionAttributeValues: { ':pending': used, ':zero': 0, ':one': 1, ':reported': mark.reported },
        ReturnValues: 'ALL_NEW',
      }),
    );
    seq = Number(Attributes?.seq);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return; // another run moved the mark; the next run continues
    throw error;
  }
  await sendAndCommit(stripe, org, metric, period, formula, { ...mark, pending: used, seq }, now, summary, key);
}

async function readMark(key: Record<string, string>): Promise<Mark> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return {
    reported: Number(Item?.reported ?? 0),
    pending: Item?.pending === undefined ? undefined : Number(Item.pending),
    seq: Item?.seq === undefined ? undefined : Number(Item.seq),
  };
}

async function sendAndCommit(
  stripe: Stripe,
  org: Org & { stripeCustomerId: string },
  metric: Metric,
  period: BillingPeriod,
  formula: 'sum' | 'last',
  mark: Mark,
  now: Date,
  summary: SinkSummary,
  key: Record<string, string>,
): Promise<Mark> {
  const pending = mark.pending!;
  const value = formula === 'sum' ? pending - mark.reported : pending;
  if (value > 0) {
    // A `last` pending written before seq existed keeps its old identifier, so its resend is still recognised.
    const identifier = formula === 'last' && mark.seq !== undefined ? `${org.id}:${metric}:${period.start}:${mark.seq}:${pending}` : `${org.id}:${metric}:${period.start}:${pending}`;
    // Inside the period, so Stripe bills it to that period even when it is reported after the period ended (and never
    // before its start, should Stripe's clock run ahead of ours, as a test clock or the emulator's does).
    const timestamp = Math.floor(Math.max(Date.parse(period.start), Math.min(now.getTime(), Date.parse(period.end) - 1000)) / 1000);
    try {
      await stripe.billing.meterEvents.create({ event_name: meterEventName(metric), identifier, timestamp, payload: { stripe_customer_id: org.stripeCustomerId, value: String(value) } });
      summary.sent++;
    } catch (error) {
      if (!isDuplicateIdentifier(error)) throw error;
      summary.alreadyThere++;
    }
  }
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET reported = :pending REMOVE pending',
        ConditionExpression: 'pending = :pending',
        ExpressionAttributeValues: { ':pending': pending },
      }),
    );
  } catch (error) {
    // An overlapping run committed the same pending send first.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return readMark(key);
  }
  logger.debug('meter reported', { orgId: org.id, metric, periodStart: period.start, reported: pending });
  return { reported: pending };
}

function isDuplicateIdentifier(error: unknown): boolean {
  const e = error as { type?: string; message?: string; raw?: { message?: string } };
  return /already exists with identifier/i.test(e?.message ?? e?.raw?.message ?? '');
}

import { createHash } from 'node:crypto';
import { isPaidPlan, meterFormula } from '../billing/stripe-catalog';
import type { Stripe } from '../clients/stripe';
import { getOrg } from '../db/orgs';
import { usageKeys } from '../db/usage-keys';
import { logger } from '../logger';
import { findPlan, type Plan } from '../plans/catalog';
import type { Metric, MetricAllowance } from '../plans/catalog-schema';
import { claimSend, commitSend, dropPending, readMark, rejectSend, renameSend, type Mark } from './meter-mark';
import { emitMeterAlarm } from './meter-metrics';
import { LIVE_STATUSES, billingChannel, createLateItem, invoicePendingItems, lateItemExists, meterSummary, permanentRejection, sendMeterEvent, type Channel } from './meter-stripe';
import { isWhole, lateUnits, nextLevel, sendValue, type MeterFormula } from './meter-units';
import type { MeteringEntry } from './metering-index';
import type { BillingPeriod } from './period';
import { billableUsage, readPeriodCounters } from './read-usage';

/** A send still `pending` this long raises `Argus/MeterSendsStuck`. */
export const STUCK_AFTER_MS = 12 * 3_600_000;
/**
 * Stripe dedupes meter identifiers for "at least 24 hours": a pending meter send older than this (with a margin) is
 * not resent on its identifier alone, which could bill twice; the meter's event summary says whether it arrived.
 */
export const IDENTIFIER_WINDOW_MS = 23 * 3_600_000;
/** Late events reach a period for 35 days after it ends; after that (plus a day) its usage no longer changes. */
const LAST_CHANGE_MS = 36 * 86_400_000;

export interface SinkSummary {
  periods: number;
  sent: number;
  alreadyThere: number;
  /** Invoice items for usage whose period's invoice was final (`late`) or whose subscription ended (`final`). */
  lateItems: number;
  finalInvoices: number;
  rejected: number;
  stuck: number;
  skipped: string[];
  /** (org, metric) reports that failed this run; their watermarks are untouched, so the next run retries them. */
  failed: string[];
}

export function emptySummary(): SinkSummary {
  return { periods: 0, sent: 0, alreadyThere: 0, lateItems: 0, finalInvoices: 0, rejected: 0, stuck: 0, skipped: [], failed: [] };
}

interface PeriodContext {
  stripe: Stripe;
  orgId: string;
  customer: string;
  plan: Plan;
  period: BillingPeriod;
  now: Date;
  summary: SinkSummary;
  channel: () => Promise<Channel>;
  /** Final-usage sends whose items exist, committed once the invoice that bills them is finalized. */
  finalSends: { mark: Mark; metered: number }[];
}

/**
 * Reports one (org, period) to Stripe: each billed metric's usage in whole units, by the plan and customer recorded on
 * the metering entry. Safe to repeat or to crash at any point (see the watermark in meter-mark.ts); one metric's
 * failure is recorded and the others still report.
 */
export async function reportPeriod(stripe: Stripe, entry: MeteringEntry, now: Date, summary: SinkSummary): Promise<void> {
  if (Date.parse(entry.period.end) < now.getTime() - LAST_CHANGE_MS) return;
  const org = await getOrg(entry.orgId);
  const plan = findPlan(entry.planId ?? org?.planId ?? '', org?.catalogVersion);
  const customer = entry.stripeCustomerId ?? org?.stripeCustomerId;
  if (!plan || !customer || !isPaidPlan(plan)) {
    summary.skipped.push(`${entry.orgId}: ${!plan || !isPaidPlan(plan) ? 'no paid plan' : 'no Stripe customer'}`);
    return;
  }
  summary.periods++;
  let channel: Promise<Channel> | undefined;
  const ctx: PeriodContext = {
    stripe, orgId: entry.orgId, customer, plan, period: entry.period, now, summary, finalSends: [],
    // Asked of Stripe only when a metric has something to send, and once per period.
    channel: () => (channel ??= billingChannel(stripe, customer, entry.period, now, org?.stripeCustomerId === customer && LIVE_STATUSES.has(org.subscriptionStatus ?? ''))),
  };
  const counters = await readPeriodCounters(entry.orgId, entry.period.start);
  for (const metric of billedMetrics(plan)) {
    // Credits paid for part of the usage: Stripe bills only the rest past the included amount (its free tier).
    const counter = counters.get(metric);
    const used = counter ? billableUsage(counter) : 0;
    if (used <= 0) continue;
    try {
      await reportMetric(ctx, metric, used);
    } catch (error) {
      logger.error('meter report failed; retried next run', { orgId: entry.orgId, metric, periodStart: entry.period.start, error: error as Error });
      summary.failed.push(`${entry.orgId}:${metric}`);
    }
  }
  if (ctx.finalSends.length) await finishFinalSends(ctx);
}

function billedMetrics(plan: Plan): Metric[] {
  return Object.entries(plan.metrics)
    .filter(([, a]) => a.capType === 'soft' && a.overageUnitAmount !== null)
    .map(([m]) => m);
}

async function reportMetric(ctx: PeriodContext, metric: Metric, used: number): Promise<void> {
  const allowance = ctx.plan.metrics[metric];
  const formula = meterFormula(allowance.aggregation);
  const key = usageKeys.meterMark(ctx.orgId, ctx.period.start, metric);
  let mark = await readMark(key);
  if (mark.pending !== undefined && !isWhole(mark.pending)) {
    // An older build claimed a fraction: Stripe refused it, so nothing of it was billed; claim a whole level instead.
    if (!(await dropPending(mark))) return;
    mark = await readMark(key);
  }
  if (mark.pending !== undefined) {
    const settled = await finishPending(ctx, metric, allowance, formula, mark);
    if (!settled) return;
    mark = settled;
  }
  const level = nextLevel(used, mark.reported, formula);
  if (level === undefined) return;
  const channel = await ctx.channel();
  if (channel.kind === 'none') {
    ctx.summary.skipped.push(`${ctx.orgId}:${metric}: ${channel.reason}`);
    return;
  }
  const claimed = await claimSend(mark, level, channel.kind, (seq) => identifierFor(ctx, metric, seq, level), ctx.now);
  if (claimed) await deliver(ctx, metric, allowance, formula, claimed, false);
}

/** A send a crashed or failed run left pending: resent exactly, unless its identifier may have expired at Stripe. */
async function finishPending(ctx: PeriodContext, metric: Metric, allowance: MetricAllowance, formula: MeterFormula, mark: Mark): Promise<Mark | undefined> {
  const age = mark.pendingAt ? ctx.now.getTime() - Date.parse(mark.pendingAt) : 0;
  if (age >= STUCK_AFTER_MS) {
    ctx.summary.stuck++;
    emitMeterAlarm('MeterSendsStuck', { orgId: ctx.orgId, metric, periodStart: ctx.period.start, pending: mark.pending, pendingAt: mark.pendingAt }, ctx.now);
  }
  let current: Mark = { ...mark, pendingId: mark.pendingId ?? legacyIdentifier(ctx, metric, formula, mark) };
  if ((mark.pendingVia ?? 'meter') === 'meter' && age >= IDENTIFIER_WINDOW_MS) {
    const have = await meterSummary(ctx.stripe, ctx.customer, metric, ctx.period);
    const value = sendValue(mark.pending!, mark.reported, formula);
    const arrived = formula === 'sum' ? have >= mark.metered + value : have === mark.pending;
    if (arrived) {
      ctx.summary.alreadyThere++;
      await commitSend(current, formula === 'sum' ? mark.metered + value : mark.pending!);
      return readMark(mark.key);
    }
    // Stripe never got it: a fresh identifier, so the resend cannot collide with (or hide behind) an expired one.
    const renamed = await renameSend(current, (seq) => identifierFor(ctx, metric, seq, mark.pending!), ctx.now);
    if (!renamed) return undefined;
    current = renamed;
  }
  return deliver(ctx, metric, allowance, formula, current, true);
}

async function deliver(ctx: PeriodContext, metric: Metric, allowance: MetricAllowance, formula: MeterFormula, mark: Mark, resend: boolean): Promise<Mark | undefined> {
  const level = mark.pending!;
  const via = mark.pendingVia ?? 'meter';
  const value = sendValue(level, mark.reported, formula);
  let metered = mark.metered;
  try {
    if (via === 'meter') {
      if (value > 0) {
        const outcome = await sendMeterEvent(ctx.stripe, { customer: ctx.customer, metric, period: ctx.period, identifier: mark.pendingId!, value }, ctx.now);
        ctx.summary[outcome === 'sent' ? 'sent' : 'alreadyThere']++;
      }
      metered = formula === 'sum' ? mark.metered + value : level;
    } else {
      const units = lateUnits(level, mark.reported, allowance.included);
      if (units > 0) {
        if (resend && (await lateItemExists(ctx.stripe, ctx.customer, mark.pendingId!, new Date(mark.pendingAt ?? 0)))) ctx.summary.alreadyThere++;
        else {
          const channel = await ctx.channel();
          await createLateItem(ctx.stripe, { customer: ctx.customer, subscription: channel.kind === 'late' ? channel.subscription : undefined, metric, period: ctx.period, identifier: mark.pendingId!, units, allowance, kind: via });
          ctx.summary.lateItems++;
        }
        if (via === 'final') {
          ctx.finalSends.push({ mark, metered });
          return undefined;
        }
      }
    }
  } catch (error) {
    const rejection = permanentRejection(error);
    if (!rejection) throw error;
    await rejectSend(mark, value, rejection, ctx.now);
    ctx.summary.rejected++;
    emitMeterAlarm('MeterSendsRejected', { orgId: ctx.orgId, metric, periodStart: ctx.period.start, value, via, ...rejection }, ctx.now);
    return readMark(mark.key);
  }
  if (!(await commitSend(mark, metered))) return readMark(mark.key); // an overlapping run committed it first
  logger.debug('meter reported', { orgId: ctx.orgId, metric, periodStart: ctx.period.start, reported: level, via });
  return { key: mark.key, reported: level, metered, seq: mark.seq };
}

/** An ended subscription's final usage: one invoice for this period's items, then their sends are committed. */
async function finishFinalSends(ctx: PeriodContext): Promise<void> {
  try {
    if (await invoicePendingItems(ctx.stripe, ctx.customer)) ctx.summary.finalInvoices++;
    for (const { mark, metered } of ctx.finalSends) await commitSend(mark, metered);
  } catch (error) {
    logger.error('final usage invoice failed; retried next run', { orgId: ctx.orgId, periodStart: ctx.period.start, error: error as Error });
    ctx.summary.failed.push(`${ctx.orgId}:final-invoice`);
  }
}

/** ≤ 100 characters whatever the org id's length (Stripe's limit), unique per claimed send. */
function identifierFor(ctx: PeriodContext, metric: Metric, seq: number, level: number): string {
  const digest = createHash('sha256').update(`${ctx.orgId}|${metric}|${ctx.period.start}|${seq}|${level}`).digest('base64url');
  return `argus_${digest.slice(0, 40)}`;
}

/** The identifier earlier builds derived (no stored id), so their pending sends are still recognised on resend. */
function legacyIdentifier(ctx: PeriodContext, metric: Metric, formula: MeterFormula, mark: Mark): string {
  return formula === 'last' && mark.seq > 0 ? `${ctx.orgId}:${metric}:${ctx.period.start}:${mark.seq}:${mark.pending}` : `${ctx.orgId}:${metric}:${ctx.period.start}:${mark.pending}`;
}

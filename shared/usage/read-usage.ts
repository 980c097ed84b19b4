import { counterRead } from '../credits/spend-items';
import { creditBalances } from '../credits/grants';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, queryAll, tableName } from '../db/client';
import { getOrg, type Org } from '../db/orgs';
import { currentPlan } from '../plans/current-plan';
import { applyOverride } from '../plans/plan-override';
import { usageKeys } from '../db/usage-keys';
import { NotFoundError } from '../errors';
import type { Metric } from '../plans/catalog-schema';
import { defaultPlan, findPlan, metricDefinition, metricIds, type Plan } from '../plans/catalog';
import { periodBefore, placedPeriodAt } from './org-periods';
import type { BillingPeriod } from './period';
import type { PlacedPeriod } from './period-history';
import { billableOverage, overageAccrual, type AccruedMoney, type Money } from './pricing';
import { projectedUsage } from './projection';
import type { PeriodSelector } from './usage-query';


export interface Counter {
  used: number;
  events: number;
  costMicros: number;
  /** Usage that credits paid for (shared/credits): never billed as overage. */
  credited: number;
  /** What the included amount has to cover: used + held - credits spent (shared/credits/spend-plan.ts). */
  net: number;
}

/** One counter, strongly consistent (0s before the first event). */
export async function readCounter(orgId: string, periodStart: string, metric: string): Promise<Counter> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: usageKeys.counter(orgId, periodStart, metric), ConsistentRead: true }));
  return toCounter(Item);
}

function toCounter(item: Record<string, unknown> | undefined): Counter {
  const credit = counterRead(item);
  return { used: Number(item?.used ?? 0), events: Number(item?.events ?? 0), costMicros: Number(item?.costMicros ?? 0), credited: credit.credited, net: credit.net };
}

/** What Stripe bills of a counter: usage that no credit paid for (the plan's included amount is the price's free tier). */
export function billableUsage(counter: Pick<Counter, 'used' | 'credited'>): number {
  return counter.used - counter.credited;
}

/** All counters of an org's period, by metric. */
export async function readPeriodCounters(orgId: string, periodStart: string): Promise<Map<string, Counter>> {
  const prefix = usageKeys.counterPrefix(periodStart);
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': usageKeys.counter(orgId, periodStart, '').PK, ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return new Map(Items.map((item) => [String(item.SK).slice(prefix.length), toCounter(item)]));
}

async function orgOrThrow(orgId: string): Promise<Org> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  return org;
}

function choosePeriod(org: Org, selector: PeriodSelector, now: Date): PlacedPeriod {
  if ('at' in selector) return placedPeriodAt(org, selector.at);
  const current = placedPeriodAt(org, now);
  return selector.period === 'previous' ? periodBefore(org, current) : current;
}

/**
 * The plan whose allowances a period is read against: for the period running now, the org's effective plan (a
 * past_due grace ending, say); for an earlier one, the plan the history says was in force.
 */
function planOfPeriod(org: Org, period: PlacedPeriod, now: Date): Plan {
  const running = Date.parse(period.start) <= now.getTime() && now.getTime() < Date.parse(period.end);
  return running ? currentPlan(org, now) : applyOverride(findPlan(period.planId, org.catalogVersion) ?? defaultPlan(), org.planOverride);
}

export interface MetricUsage {
  metric: Metric;
  unit: string;
  aggregation: string;
  used: number;
  included: number;
  /** The org's spendable credit balance for this metric now (active grants). */
  credits: number;
  remaining: number;
  percent: number;
  capType: 'hard' | 'soft';
  overage: number;
  /** Accrued overage, exact to a micro-cent (a decimal string of minor units, CONTRACT §1). */
  overageAmount: AccruedMoney;
  /** The period's usage at its end if the pace so far continues (projection.ts). */
  projected: number;
  /** llm_tokens: what the calls cost at the model price table, in US dollars (micro-dollar exact). */
  cost?: Money & { micros: number };
}

export interface UsageSummary {
  period: BillingPeriod;
  metrics: MetricUsage[];
}

/** `GET /v1/orgs/{orgId}/usage`: every metric of the plan in force for the period, priced from the catalog. */
export async function usageSummary(orgId: string, selector: PeriodSelector, now = new Date()): Promise<UsageSummary> {
  const org = await orgOrThrow(orgId);
  const period = choosePeriod(org, selector, now);
  const plan = planOfPeriod(org, period, now);
  const [counters, balances] = await Promise.all([readPeriodCounters(orgId, period.start), creditBalances(orgId, now)]);
  const metrics = metricIds.map((metric): MetricUsage => {
    const allowance = plan.metrics[metric];
    const counter = counters.get(metric) ?? toCounter(undefined);
    const overage = billableOverage(billableUsage(counter), allowance);
    const credits = balances[metric] ?? 0;
    return {
      metric,
      unit: allowance.unit,
      aggregation: allowance.aggregation,
      used: counter.used,
      included: allowance.included,
      credits,
      remaining: Math.max(0, allowance.included - counter.net) + credits,
      percent: allowance.included > 0 ? Math.round((counter.used / allowance.included) * 10_000) / 100 : counter.used > 0 ? 100 : 0,
      capType: allowance.capType,
      overage,
      overageAmount: overageAccrual(overage, allowance),
      projected: projectedUsage(counter.used, allowance.aggregation, period, now),
      ...(metric === 'llm_tokens' ? { cost: { amount: Math.round(counter.costMicros / 10_000), currency: 'usd' as const, micros: counter.costMicros } } : {}),
    };
  });
  return { period: { start: period.start, end: period.end }, metrics };
}

export interface UsageSeries {
  metric: Metric;
  period: BillingPeriod;
  total: number;
  series: { start: string; value: number }[];
}

async function readBuckets(orgId: string, metric: Metric, from: string, to: string): Promise<{ start: string; value: number }[]> {
  const prefix = usageKeys.dailyPrefix(metric);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': usageKeys.daily(orgId, metric, '').PK, ':from': `${prefix}${from}`, ':to': `${prefix}${to}` },
    ConsistentRead: true,
  });
  // BETWEEN includes `to`: a bucket starting exactly at the end belongs to the next period or day.
  return items.map((item) => ({ start: String(item.SK).slice(prefix.length), value: Number(item.value ?? 0) })).filter((b) => b.start < to);
}

/**
 * `GET /v1/orgs/{orgId}/usage/{metric}` for a period: its daily buckets (UTC days; the first starts at the period
 * start), every day up to now present, zero when nothing was used. `total` is the period counter, written in the same
 * transactions as the buckets: the sum of the series (for gauges, its maximum).
 */
export async function usageSeries(orgId: string, metric: Metric, selector: PeriodSelector, now = new Date()): Promise<UsageSeries> {
  const org = await orgOrThrow(orgId);
  const period = choosePeriod(org, selector, now);
  const [counter, buckets] = await Promise.all([readCounter(orgId, period.start, metric), readBuckets(orgId, metric, period.start, period.end)]);
  const values = new Map(buckets.map((b) => [b.start, b.value]));
  const series: UsageSeries['series'] = [];
  // Every day up to now, and any later day that holds usage (events may be stamped up to 5 minutes ahead), so the series
  // always adds up to the total.
  const lastBucket = Math.max(0, ...[...values.keys()].map((start) => Date.parse(start)));
  const end = Math.min(Date.parse(period.end), Math.max(now.getTime(), Date.parse(period.start) + 1, lastBucket + 1));
  for (let start = period.start; Date.parse(start) < end; start = nextMidnight(start)) series.push({ start, value: values.get(start) ?? 0 });
  return { metric, period: { start: period.start, end: period.end }, total: counter.used, series };
}

/**
 * `GET /v1/orgs/{orgId}/usage/{metric}?from=&to=`: one value per UTC day from `from` to `to` (dates, both included)
 * whatever the periods; a day a period boundary splits adds its two buckets (gauges: the higher). `total` is the sum
 * of the series (gauges: its maximum).
 */
export async function usageRange(orgId: string, metric: Metric, from: string, to: string): Promise<UsageSeries> {
  await orgOrThrow(orgId);
  const start = `${from}T00:00:00.000Z`;
  const end = nextMidnight(`${to}T00:00:00.000Z`);
  const gauge = isGauge(metric);
  const byDay = new Map<string, number>();
  for (const b of await readBuckets(orgId, metric, start, end)) {
    const day = `${b.start.slice(0, 10)}T00:00:00.000Z`;
    const before = byDay.get(day);
    byDay.set(day, before === undefined ? b.value : gauge ? Math.max(before, b.value) : before + b.value);
  }
  const series: UsageSeries['series'] = [];
  for (let day = start; day < end; day = nextMidnight(day)) series.push({ start: day, value: byDay.get(day) ?? 0 });
  const total = gauge ? Math.max(0, ...series.map((p) => p.value)) : series.reduce((sum, p) => sum + p.value, 0);
  return { metric, period: { start, end }, total, series };
}

function isGauge(metric: Metric): boolean {
  const aggregation = metricDefinition(metric)?.aggregation;
  return aggregation === 'max' || aggregation === 'last';
}

function nextMidnight(iso: string): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).toISOString();
}

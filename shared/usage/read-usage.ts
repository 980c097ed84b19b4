import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { getOrg, type Org } from '../db/orgs';
import { currentPlan } from '../plans/current-plan';
import { usageKeys } from '../db/usage-keys';
import { NotFoundError } from '../errors';
import { METRICS, type Metric } from '../plans/catalog-schema';
import { billingPeriodAt, previousBillingPeriod } from './org-periods';
import type { BillingPeriod } from './period';
import { billableOverage, overageAmount, type Money } from './pricing';

export type PeriodChoice = 'current' | 'previous';

export interface Counter {
  used: number;
  events: number;
  costMicros: number;
}

/** One counter, strongly consistent (0s before the first event). */
export async function readCounter(orgId: string, periodStart: string, metric: string): Promise<Counter> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: usageKeys.counter(orgId, periodStart, metric), ConsistentRead: true }));
  return toCounter(Item);
}

function toCounter(item: Record<string, unknown> | undefined): Counter {
  return { used: Number(item?.used ?? 0), events: Number(item?.events ?? 0), costMicros: Number(item?.costMicros ?? 0) };
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

function choosePeriod(org: Org, choice: PeriodChoice, now: Date): BillingPeriod {
  return choice === 'previous' ? previousBillingPeriod(org, now) : billingPeriodAt(org, now);
}

export interface MetricUsage {
  metric: Metric;
  unit: string;
  aggregation: string;
  used: number;
  included: number;
  remaining: number;
  percent: number;
  capType: 'hard' | 'soft';
  overage: number;
  overageAmount: Money;
  /** llm_tokens: what the calls cost at the model price table, in US dollars (micro-dollar exact). */
  cost?: Money & { micros: number };
}

export interface UsageSummary {
  period: BillingPeriod;
  metrics: MetricUsage[];
}

/** `GET /v1/orgs/{orgId}/usage`: every metric of the org's effective plan for the period, priced from the catalog. */
export async function usageSummary(orgId: string, choice: PeriodChoice, now = new Date()): Promise<UsageSummary> {
  const org = await orgOrThrow(orgId);
  const period = choosePeriod(org, choice, now);
  const plan = currentPlan(org, now);
  const counters = await readPeriodCounters(orgId, period.start);
  const metrics = METRICS.map((metric): MetricUsage => {
    const allowance = plan.metrics[metric];
    const counter = counters.get(metric) ?? toCounter(undefined);
    const overage = billableOverage(counter.used, allowance);
    return {
      metric,
      unit: allowance.unit,
      aggregation: allowance.aggregation,
      used: counter.used,
      included: allowance.included,
      remaining: Math.max(0, allowance.included - counter.used),
      percent: allowance.included > 0 ? Math.round((counter.used / allowance.included) * 10_000) / 100 : counter.used > 0 ? 100 : 0,
      capType: allowance.capType,
      overage,
      overageAmount: overageAmount(overage, allowance),
      ...(metric === 'llm_tokens' ? { cost: { amount: Math.round(counter.costMicros / 10_000), currency: 'usd' as const, micros: counter.costMicros } } : {}),
    };
  });
  return { period, metrics };
}

export interface UsageSeries {
  metric: Metric;
  period: BillingPeriod;
  total: number;
  series: { start: string; value: number }[];
}

/**
 * `GET /v1/orgs/{orgId}/usage/{metric}`: the daily buckets of the period (UTC days; the first starts at the period
 * start), every day up to now present, zero when nothing was used. `total` is the period counter.
 */
export async function usageSeries(orgId: string, metric: Metric, choice: PeriodChoice, now = new Date()): Promise<UsageSeries> {
  const org = await orgOrThrow(orgId);
  const period = choosePeriod(org, choice, now);
  const prefix = usageKeys.dailyPrefix(metric);
  const [counter, buckets] = await Promise.all([
    readCounter(orgId, period.start, metric),
    ddb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': usageKeys.daily(orgId, metric, '').PK, ':from': `${prefix}${period.start}`, ':to': `${prefix}${period.end}` },
        ConsistentRead: true,
      }),
    ),
  ]);
  const values = new Map((buckets.Items ?? []).map((item) => [String(item.SK).slice(prefix.length), Number(item.value ?? 0)]));
  const series: UsageSeries['series'] = [];
  const end = Math.min(Date.parse(period.end), Math.max(now.getTime(), Date.parse(period.start) + 1));
  for (let start = period.start; Date.parse(start) < end; start = nextMidnight(start)) series.push({ start, value: values.get(start) ?? 0 });
  return { metric, period, total: counter.used, series };
}

function nextMidnight(iso: string): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).toISOString();
}

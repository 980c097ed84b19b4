import { z } from 'zod';

/**
 * The schema of a catalog file (catalog/v<version>.json, CONTRACT §4): the operator's data. Metrics and features are
 * entries of the file, not code: every other schema (request enums, OpenAPI, the client) is derived from the loaded
 * file (shared/plans/catalog.ts). Cross-references (a plan's metric or feature, a pack's metric, the default plan) are
 * checked here too, each at the path of the entry that is wrong, so `argus catalog check` can name its line.
 */
const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'an id is lowercase letters, digits and "_", starting with a letter');
const money = z.strictObject({ amount: z.number().int().nonnegative(), currency: z.literal('usd') });
export const AGGREGATIONS = ['sum', 'count', 'max', 'last'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const metricDefinitionSchema = z.strictObject({
  id,
  /** What one base unit is called (`tokens`, `GB`, `minutes`). */
  unit: z.string().min(1),
  /** `sum`/`count` add events up over the period; `max`/`last` are gauges (the period's high-water mark / last value). */
  aggregation: z.enum(AGGREGATIONS),
  /** How many base units one overage unit holds (llm_tokens are priced per 1,000). */
  overageUnitSize: z.number().int().positive().default(1),
});
export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;

export const allowanceFileSchema = z.strictObject({
  included: z.number().nonnegative(),
  /** `hard`: refused past `included`. `soft`: allowed, the overage is billed. */
  capType: z.enum(['hard', 'soft']),
  /** Price of one overage unit (the metric's `overageUnitSize` base units), in minor units; decimals allowed. */
  overageUnitAmount: z.number().nonnegative().nullable().default(null),
});

export const priceSchema = money.extend({ interval: z.enum(['month', 'year']) });

export const planFileSchema = z.strictObject({
  id,
  name: z.string().min(1),
  prices: z.array(priceSchema).min(1),
  /** Days of free trial on an org's first paid subscription to the plan (0 = none). */
  trialDays: z.number().int().nonnegative().default(0),
  /** Seats included; null = unlimited. */
  seats: z.number().int().positive().nullable(),
  /** Price per seat beyond `seats` per month (null = no extra seats sold). */
  seatPrice: money.nullable().default(null),
  rateLimit: z.strictObject({ requestsPerMinute: z.number().int().positive() }),
  features: z.array(z.string()),
  metrics: z.record(z.string(), allowanceFileSchema),
});

/** A one-time purchase of prepaid credits for one metric (CONTRACT §3 Credits, §4). */
export const creditPackSchema = z.strictObject({
  id,
  metric: z.string(),
  quantity: z.number().int().positive(),
  price: money,
  /** Days from purchase until the granted credits expire. */
  validDays: z.number().int().positive(),
});
export type CreditPack = z.infer<typeof creditPackSchema>;

type Issue = { path: PropertyKey[]; message: string };

function duplicates<T>(items: T[], key: (item: T) => string, at: (index: number) => PropertyKey[], what: string): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: at(index), message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
  return issues;
}

export const catalogFileSchema = z
  .strictObject({
    /** Editors' JSON Schema hint; ignored. */
    $schema: z.string().optional(),
    /** Raised whenever a released plan's prices or allowances change; subscriptions keep the version they started on. */
    version: z.number().int().positive(),
    defaultPlanId: z.string(),
    metrics: z.array(metricDefinitionSchema).min(1),
    features: z.array(id),
    plans: z.array(planFileSchema).min(1),
    creditPacks: z.array(creditPackSchema).default([]),
  })
  .superRefine((c, ctx) => {
    const issues: Issue[] = [
      ...duplicates(c.metrics, (m) => m.id, (i) => ['metrics', i, 'id'], 'metric'),
      ...duplicates(c.features, (f) => f, (i) => ['features', i], 'feature'),
      ...duplicates(c.plans, (p) => p.id, (i) => ['plans', i, 'id'], 'plan'),
      ...duplicates(c.creditPacks, (p) => p.id, (i) => ['creditPacks', i, 'id'], 'credit pack'),
    ];
    const metricIds = new Set(c.metrics.map((m) => m.id));
    const featureIds = new Set(c.features);
    if (!c.plans.some((p) => p.id === c.defaultPlanId)) issues.push({ path: ['defaultPlanId'], message: `defaultPlanId "${c.defaultPlanId}" names no plan` });
    c.plans.forEach((plan, p) => {
      plan.features.forEach((f, i) => {
        if (!featureIds.has(f)) issues.push({ path: ['plans', p, 'features', i], message: `plan "${plan.id}": unknown feature "${f}" (declare it in "features")` });
      });
      issues.push(...duplicates(plan.features, (f) => f, (i) => ['plans', p, 'features', i], 'feature'));
      issues.push(...duplicates(plan.prices, (x) => x.interval, (i) => ['plans', p, 'prices', i, 'interval'], 'price interval'));
      for (const [metric, allowance] of Object.entries(plan.metrics)) {
        if (!metricIds.has(metric)) issues.push({ path: ['plans', p, 'metrics', metric], message: `plan "${plan.id}": unknown metric "${metric}" (declare it in "metrics")` });
        if (allowance.capType === 'hard' && allowance.overageUnitAmount !== null) {
          issues.push({ path: ['plans', p, 'metrics', metric, 'overageUnitAmount'], message: `plan "${plan.id}", metric "${metric}": a hard cap bills no overage (set overageUnitAmount to null)` });
        }
      }
      for (const metric of metricIds) {
        if (!(metric in plan.metrics)) issues.push({ path: ['plans', p, 'metrics'], message: `plan "${plan.id}" has no allowance for metric "${metric}"` });
      }
      if (plan.seatPrice && plan.seats === null) issues.push({ path: ['plans', p, 'seatPrice'], message: `plan "${plan.id}": seatPrice needs a seat count (seats is unlimited)` });
    });
    c.creditPacks.forEach((pack, i) => {
      if (!metricIds.has(pack.metric)) issues.push({ path: ['creditPacks', i, 'metric'], message: `credit pack "${pack.id}": unknown metric "${pack.metric}"` });
    });
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/** A plan's allowance of one metric, with the metric's unit, aggregation and overage unit size beside it. */
export interface MetricAllowance {
  included: number;
  capType: 'hard' | 'soft';
  /** Price of one overage unit (`overageUnitSize` base units), in minor units; null = no overage billed. */
  overageUnitAmount: number | null;
  overageUnitSize: number;
  unit: string;
  aggregation: Aggregation;
}

export type Price = z.infer<typeof priceSchema>;
export type Money = z.infer<typeof money>;

/** A plan as the code uses it: the file's plan with each allowance completed by its metric's definition. */
export interface Plan {
  id: string;
  name: string;
  prices: Price[];
  trialDays: number;
  seats: number | null;
  seatPrice: Money | null;
  rateLimit: { requestsPerMinute: number };
  features: Feature[];
  metrics: Record<Metric, MetricAllowance>;
}

/** A metric id of the loaded catalog (validated against it wherever one comes in). */
export type Metric = string;
/** A feature id of the loaded catalog. */
export type Feature = string;

/** One version of the catalog, resolved. */
export interface Catalog {
  version: number;
  defaultPlanId: string;
  metrics: MetricDefinition[];
  features: Feature[];
  plans: Plan[];
  creditPacks: CreditPack[];
}

/** The file's data as the code uses it (allowances completed from the metric definitions). */
export function resolveCatalog(file: CatalogFile): Catalog {
  const defs = new Map(file.metrics.map((m) => [m.id, m]));
  return {
    version: file.version,
    defaultPlanId: file.defaultPlanId,
    metrics: file.metrics,
    features: file.features,
    creditPacks: file.creditPacks,
    plans: file.plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      prices: plan.prices,
      trialDays: plan.trialDays,
      seats: plan.seats,
      seatPrice: plan.seatPrice,
      rateLimit: plan.rateLimit,
      features: plan.features,
      // In the file's metric order, so every surface lists metrics the same way.
      metrics: Object.fromEntries(
        file.metrics.map((def) => {
          const a = plan.metrics[def.id]!;
          return [def.id, { included: a.included, capType: a.capType, overageUnitAmount: a.overageUnitAmount, overageUnitSize: def.overageUnitSize, unit: def.unit, aggregation: def.aggregation }];
        }),
      ),
    })),
  };
}

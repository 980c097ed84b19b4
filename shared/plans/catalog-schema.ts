import { z } from 'zod';

export const METRICS = ['llm_tokens', 'agent_executions', 'api_calls', 'storage_gb'] as const;
export type Metric = (typeof METRICS)[number];

export const FEATURES = [
  'api_access',
  'basic_predictions',
  'advanced_predictions',
  'webhooks',
  'export',
  'team_management',
  'sla_support',
  'custom_models',
  'dedicated_support',
  'white_label',
] as const;
export type Feature = (typeof FEATURES)[number];

const money = z.object({ amount: z.number().int().nonnegative(), currency: z.literal('usd') });

export const metricAllowanceSchema = z.object({
  included: z.number().nonnegative(),
  /** `hard`: refused past `included`. `soft`: allowed, the overage is billed. */
  capType: z.enum(['hard', 'soft']),
  /** Price of one overage unit (`unit`), in minor units; decimals allowed (e.g. $0.001 = 0.1 cents). */
  overageUnitAmount: z.number().nonnegative().nullable(),
  /** How many of the metric's base units one overage unit holds (llm_tokens are priced per 1,000). */
  overageUnitSize: z.number().int().positive(),
  unit: z.string().min(1),
  aggregation: z.enum(['sum', 'count', 'max', 'last']),
});
export type MetricAllowance = z.infer<typeof metricAllowanceSchema>;

export const planSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  prices: z.array(money.extend({ interval: z.enum(['month', 'year']) })),
  features: z.array(z.enum(FEATURES)),
  rateLimit: z.object({ requestsPerMinute: z.number().int().positive() }),
  /** null = unlimited */
  seats: z.number().int().positive().nullable(),
  /** Free trial days of an org's first paid subscription to the plan (0 = none). */
  trialDays: z.number().int().min(0).max(730),
  /**
   * Price per seat per month beyond `seats` (a Stripe quantity price; yearly: 10x), or null: then `seats` is a hard
   * limit (402 past it). With a seat price, members beyond `seats` are allowed and billed.
   */
  seatPrice: money.nullable(),
  metrics: z.record(z.enum(METRICS), metricAllowanceSchema),
});
export type Plan = z.infer<typeof planSchema>;

/** A one-time purchase of prepaid credits for one metric (CONTRACT §3 Credits, §4). */
export const creditPackSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  metric: z.enum(METRICS),
  quantity: z.number().int().positive(),
  price: money,
  /** Days from purchase until the granted credits expire. */
  validDays: z.number().int().positive(),
});
export type CreditPack = z.infer<typeof creditPackSchema>;

export const catalogSchema = z
  .object({ defaultPlanId: z.string(), plans: z.array(planSchema).min(1), creditPacks: z.array(creditPackSchema) })
  .refine((c) => c.plans.some((p) => p.id === c.defaultPlanId), { message: 'defaultPlanId must name a plan' })
  .refine((c) => new Set(c.plans.map((p) => p.id)).size === c.plans.length, { message: 'plan ids must be unique' })
  .refine((c) => c.plans.every((p) => METRICS.every((m) => m in p.metrics)), { message: 'every plan must define every metric' })
  .refine((c) => c.plans.every((p) => new Set(p.prices.map((x) => x.interval)).size === p.prices.length), { message: 'a plan has at most one price per interval' })
  .refine((c) => c.plans.every((p) => p.seatPrice === null || p.seats !== null), { message: 'a seat price needs a number of included seats' })
  .refine((c) => new Set(c.creditPacks.map((p) => p.id)).size === c.creditPacks.length, { message: 'credit pack ids must be unique' });
export type Catalog = z.infer<typeof catalogSchema>;

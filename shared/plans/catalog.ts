import { catalogSchema, type Catalog, type CreditPack, type Feature, type Metric, type MetricAllowance, type Plan } from './catalog-schema';

/**
 * The plan catalog (CONTRACT §4): the one file to edit to change plans, prices, features, rate limits, seats and metered
 * allowances. Validated when the module loads, so a bad edit fails at cold start and in the unit tests, not in a request.
 * Money is in minor units (cents); overage prices may be fractional cents.
 */
const explorerFeatures: Feature[] = ['api_access', 'basic_predictions'];
const professionalFeatures: Feature[] = [...explorerFeatures, 'advanced_predictions', 'webhooks', 'export'];
const businessFeatures: Feature[] = [...professionalFeatures, 'team_management', 'sla_support'];
const enterpriseFeatures: Feature[] = [...businessFeatures, 'custom_models', 'dedicated_support', 'white_label'];

const hard = (included: number, unit: string, aggregation: MetricAllowance['aggregation']): MetricAllowance => ({
  included,
  capType: 'hard',
  overageUnitAmount: null,
  overageUnitSize: 1,
  unit,
  aggregation,
});
const soft = (included: number, overageUnitAmount: number, unit: string, aggregation: MetricAllowance['aggregation'], overageUnitSize = 1): MetricAllowance => ({
  included,
  capType: 'soft',
  overageUnitAmount,
  overageUnitSize,
  unit,
  aggregation,
});

export const catalog: Catalog = catalogSchema.parse({
  defaultPlanId: 'explorer',
  plans: [
    {
      id: 'explorer',
      name: 'Explorer',
      prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
      features: explorerFeatures,
      rateLimit: { requestsPerMinute: 100 },
      seats: 3,
      trialDays: 0,
      seatPrice: null,
      metrics: {
        llm_tokens: hard(10_000, 'tokens', 'sum'),
        agent_executions: hard(100, 'executions', 'count'),
        api_calls: hard(1_000, 'calls', 'count'),
        storage_gb: hard(1, 'GB', 'max'),
      },
    },
    {
      id: 'professional',
      name: 'Professional',
      prices: [
        { interval: 'month', amount: 9_900, currency: 'usd' },
        { interval: 'year', amount: 99_000, currency: 'usd' },
      ],
      features: professionalFeatures,
      rateLimit: { requestsPerMinute: 1_000 },
      seats: 25,
      trialDays: 14,
      seatPrice: { amount: 500, currency: 'usd' },
      metrics: {
        llm_tokens: soft(1_000_000, 1, 'tokens', 'sum', 1_000),
        agent_executions: soft(5_000, 10, 'executions', 'count'),
        api_calls: soft(100_000, 0.1, 'calls', 'count'),
        storage_gb: soft(100, 50, 'GB', 'max'),
      },
    },
    {
      id: 'business',
      name: 'Business',
      prices: [
        { interval: 'month', amount: 29_900, currency: 'usd' },
        { interval: 'year', amount: 299_000, currency: 'usd' },
      ],
      features: businessFeatures,
      rateLimit: { requestsPerMinute: 10_000 },
      seats: 100,
      trialDays: 14,
      seatPrice: null,
      metrics: {
        llm_tokens: soft(5_000_000, 0.8, 'tokens', 'sum', 1_000),
        agent_executions: soft(20_000, 8, 'executions', 'count'),
        api_calls: soft(500_000, 0.08, 'calls', 'count'),
        storage_gb: soft(500, 40, 'GB', 'max'),
      },
    },
    {
      id: 'enterprise',
      name: 'Enterprise',
      prices: [
        { interval: 'month', amount: 99_900, currency: 'usd' },
        { interval: 'year', amount: 999_000, currency: 'usd' },
      ],
      features: enterpriseFeatures,
      rateLimit: { requestsPerMinute: 100_000 },
      seats: null,
      trialDays: 0,
      seatPrice: null,
      metrics: {
        llm_tokens: soft(10_000_000, 0.5, 'tokens', 'sum', 1_000),
        agent_executions: soft(50_000, 5, 'executions', 'count'),
        api_calls: soft(1_000_000, 0.05, 'calls', 'count'),
        storage_gb: soft(1_000, 25, 'GB', 'max'),
      },
    },
  ],
  creditPacks: [
    { id: 'tokens_1m', metric: 'llm_tokens', quantity: 1_000_000, price: { amount: 1_000, currency: 'usd' }, validDays: 365 },
    { id: 'agents_1k', metric: 'agent_executions', quantity: 1_000, price: { amount: 5_000, currency: 'usd' }, validDays: 365 },
  ],
});

const byId = new Map(catalog.plans.map((plan) => [plan.id, plan]));

export function findPlan(planId: string): Plan | undefined {
  return byId.get(planId);
}

/** The free plan every org starts on and falls back to. */
export function defaultPlan(): Plan {
  return byId.get(catalog.defaultPlanId)!;
}

const packsById = new Map(catalog.creditPacks.map((pack) => [pack.id, pack]));

export function findCreditPack(packId: string): CreditPack | undefined {
  return packsById.get(packId);
}

/**
 * How many members the org may have on `plan`: its included seats, or no limit when extra seats are billed per seat
 * (a seat price). null = unlimited.
 */
export function seatLimit(plan: Plan): number | null {
  return plan.seatPrice ? null : plan.seats;
}

/** Seats billed beyond the plan's included ones for `members` members (0 without a seat price). */
export function extraSeats(plan: Plan, members: number): number {
  return plan.seatPrice && plan.seats !== null ? Math.max(0, members - plan.seats) : 0;
}

export function metricAllowance(plan: Plan, metric: Metric): MetricAllowance {
  return plan.metrics[metric];
}

export type { Catalog, CreditPack, Feature, Metric, MetricAllowance, Plan };

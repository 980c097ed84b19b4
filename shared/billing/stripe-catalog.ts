import { catalog, type Metric, type Plan } from '../plans/catalog';
import { METRICS, type MetricAllowance } from '../plans/catalog-schema';

/**
 * How the plan catalog appears in Stripe. Prices are found by lookup key, never by id, so every stage (and the local
 * emulator) resolves the same names to its own Stripe account's prices: `argus_<plan>_<interval>` for the licensed
 * plan price and `argus_<plan>_<metric>_overage` for each metered overage price. Overage prices bill Stripe Billing
 * meters named `argus_<metric>` (the usage meter sink reports `{ stripe_customer_id, value }` to them).
 */
export const PRICE_METADATA = { plan: 'argus_plan', kind: 'argus_kind', metric: 'argus_metric', fingerprint: 'argus_fingerprint' } as const;

/** `licensed`: the plan fee; `overage`: a metered overage price; `seat`: the per-seat price for seats beyond the included ones. */
export type PriceKind = 'licensed' | 'overage' | 'seat';
export type BillingInterval = 'month' | 'year';
export const BILLING_INTERVALS = ['month', 'year'] as const;

export const licensedLookupKey = (planId: string, interval = 'month') => `argus_${planId}_${interval}`;
export const seatLookupKey = (planId: string, interval: BillingInterval) => `argus_${planId}_seat_${interval}`;
export const seatProductId = (planId: string) => `argus_seat_${planId}`;
export const overageLookupKey = (planId: string, metric: Metric) => `argus_${planId}_${metric}_overage`;
export const meterEventName = (metric: Metric) => `argus_${metric}`;
export const planProductId = (planId: string) => `argus_plan_${planId}`;
export const metricProductId = (metric: Metric) => `argus_metric_${metric}`;

/** Plans sold through Stripe: any with a non-zero price (explorer is free and never has a subscription). */
export function isPaidPlan(plan: Plan): boolean {
  return plan.prices.some((p) => p.amount > 0);
}

export function paidPlans(): Plan[] {
  return catalog.plans.filter(isPaidPlan);
}

/** Stripe meters aggregate sum, count or last: `count` usage is reported as quantities (sum), `max` as the period's high-water mark (last). */
export function meterFormula(aggregation: MetricAllowance['aggregation']): 'sum' | 'last' {
  return aggregation === 'max' || aggregation === 'last' ? 'last' : 'sum';
}

export interface MeterSpec {
  eventName: string;
  displayName: string;
  formula: 'sum' | 'last';
}

export interface Tier {
  upTo: number | 'inf';
  unitAmountDecimal: string;
}

export interface PriceSpec {
  lookupKey: string;
  planId: string;
  kind: PriceKind;
  metric?: Metric;
  productId: string;
  currency: string;
  interval: 'month' | 'year';
  /** Licensed prices: the flat amount per period (minor units). */
  unitAmount?: number;
  /** Overage prices: graduated tiers, the first `included` units free, each one after at the overage rate. */
  tiers?: Tier[];
  meterEventName?: string;
  /** Changes whenever anything Stripe cannot edit in place changes (amounts, tiers, interval): then a new price replaces it. */
  fingerprint: string;
}

export interface ProductSpec {
  id: string;
  name: string;
}

/** Price of one base unit of the metric, as a decimal string of minor units (Stripe allows 12 decimals). */
export function perUnitDecimal(allowance: MetricAllowance): string {
  const value = (allowance.overageUnitAmount ?? 0) / allowance.overageUnitSize;
  return value.toFixed(12).replace(/\.?0+$/, '') || '0';
}

function fingerprint(parts: unknown): string {
  return JSON.stringify(parts);
}

/**
 * The plan's price of one extra seat per `interval`: the catalog's monthly `seatPrice`, and for a year the same ratio
 * the plan's own yearly price has to its monthly one (10x in the default catalog: $5 a month, $50 a year).
 */
export function seatAmount(plan: Plan, interval: BillingInterval): number | undefined {
  if (!plan.seatPrice) return undefined;
  if (interval === 'month') return plan.seatPrice.amount;
  const month = plan.prices.find((p) => p.interval === 'month')?.amount;
  const year = plan.prices.find((p) => p.interval === 'year')?.amount;
  return month && year ? Math.round((plan.seatPrice.amount * year) / month) : undefined;
}

export function desiredProducts(): ProductSpec[] {
  return [
    ...paidPlans().map((plan) => ({ id: planProductId(plan.id), name: `Argus ${plan.name}` })),
    ...paidPlans().filter((plan) => plan.seatPrice).map((plan) => ({ id: seatProductId(plan.id), name: `Argus ${plan.name} extra seat` })),
    ...METRICS.map((metric) => ({ id: metricProductId(metric), name: `Argus ${metric.replace(/_/g, ' ')} overage` })),
  ];
}

export function desiredMeters(): MeterSpec[] {
  const reference = paidPlans()[0]!;
  return METRICS.map((metric) => ({
    eventName: meterEventName(metric),
    displayName: `Argus ${metric.replace(/_/g, ' ')}`,
    formula: meterFormula(reference.metrics[metric].aggregation),
  }));
}

export function desiredPrices(): PriceSpec[] {
  const specs: PriceSpec[] = [];
  for (const plan of paidPlans()) {
    for (const price of plan.prices.filter((p) => p.amount > 0)) {
      specs.push({
        lookupKey: licensedLookupKey(plan.id, price.interval),
        planId: plan.id,
        kind: 'licensed',
        productId: planProductId(plan.id),
        currency: price.currency,
        interval: price.interval,
        unitAmount: price.amount,
        fingerprint: fingerprint(['licensed', price.currency, price.interval, price.amount]),
      });
    }
    for (const price of plan.prices.filter((p) => p.amount > 0)) {
      const amount = seatAmount(plan, price.interval);
      if (amount === undefined) continue;
      specs.push({
        lookupKey: seatLookupKey(plan.id, price.interval),
        planId: plan.id,
        kind: 'seat',
        productId: seatProductId(plan.id),
        currency: plan.seatPrice!.currency,
        interval: price.interval,
        unitAmount: amount,
        fingerprint: fingerprint(['seat', plan.seatPrice!.currency, price.interval, amount]),
      });
    }
    // Usage is billed monthly whatever the plan fee's interval (a yearly fee runs with monthly overage: Stripe's
    // mixed-interval subscriptions), so allowances stay monthly and every plan has one set of overage prices.
    const monthly = plan.prices.find((p) => p.amount > 0 && p.interval === 'month') ?? plan.prices.find((p) => p.amount > 0)!;
    for (const metric of METRICS) {
      const allowance = plan.metrics[metric];
      if (allowance.capType !== 'soft' || allowance.overageUnitAmount === null) continue;
      const tiers: Tier[] = [
        { upTo: allowance.included, unitAmountDecimal: '0' },
        { upTo: 'inf', unitAmountDecimal: perUnitDecimal(allowance) },
      ];
      specs.push({
        lookupKey: overageLookupKey(plan.id, metric),
        planId: plan.id,
        kind: 'overage',
        metric,
        productId: metricProductId(metric),
        currency: monthly.currency,
        interval: monthly.interval,
        tiers,
        meterEventName: meterEventName(metric),
        fingerprint: fingerprint(['overage', monthly.currency, monthly.interval, tiers, meterEventName(metric)]),
      });
    }
  }
  return specs;
}

/**
 * The prices a subscription to `planId` billed every `interval` may hold: its licensed price of that interval first,
 * then its (monthly) overage prices, then its seat price of that interval if it bills seats.
 */
export function planPriceSpecs(planId: string, interval: BillingInterval = 'month'): PriceSpec[] {
  const all = desiredPrices().filter((spec) => spec.planId === planId);
  return [
    ...all.filter((s) => s.kind === 'licensed' && s.interval === interval),
    ...all.filter((s) => s.kind === 'overage'),
    ...all.filter((s) => s.kind === 'seat' && s.interval === interval),
  ];
}

/** What a Stripe price stands for, from the metadata the sync writes (lookup key as a fallback). */
export function describePrice(price: { lookup_key?: string | null; metadata?: Record<string, string> | null }): { planId: string; kind: PriceKind; metric?: Metric } | undefined {
  const meta = price.metadata ?? {};
  if (meta[PRICE_METADATA.plan] && meta[PRICE_METADATA.kind]) {
    return { planId: meta[PRICE_METADATA.plan]!, kind: meta[PRICE_METADATA.kind] as PriceKind, metric: meta[PRICE_METADATA.metric] as Metric | undefined };
  }
  const spec = desiredPrices().find((s) => s.lookupKey === price.lookup_key);
  return spec ? { planId: spec.planId, kind: spec.kind, metric: spec.metric } : undefined;
}

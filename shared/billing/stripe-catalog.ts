import { catalog, catalogVersion, catalogVersions, metricIds, type Metric, type Plan } from '../plans/catalog';
import type { MetricAllowance } from '../plans/catalog-schema';

/**
 * How the plan catalog appears in Stripe. Prices are found by lookup key, never by id, so every stage (and the local
 * emulator) resolves the same names to its own Stripe account's prices: `argus_<plan>_<interval>_v<version>` for the
 * licensed plan price and `argus_<plan>_<metric>_overage_v<version>` for each metered overage price. Stripe prices are
 * immutable and a subscription keeps the catalog version it started on, so every catalog version has its own prices
 * (all versions stay synced; `argus subscriptions migrate` moves subscriptions between them). Overage prices bill
 * Stripe Billing meters named `argus_<metric>` (the usage meter sink reports `{ stripe_customer_id, value }` to them).
 */
export const PRICE_METADATA = { plan: 'argus_plan', kind: 'argus_kind', metric: 'argus_metric', version: 'argus_catalog_version', fingerprint: 'argus_fingerprint' } as const;

/** `licensed`: the plan fee; `overage`: a metered overage price; `seat`: the per-seat price for seats beyond the included ones. */
export type PriceKind = 'licensed' | 'overage' | 'seat';
export type BillingInterval = 'month' | 'year';
export const BILLING_INTERVALS = ['month', 'year'] as const;

export const licensedLookupKey = (planId: string, interval = 'month', version = catalog.version) => `argus_${planId}_${interval}_v${version}`;
export const seatLookupKey = (planId: string, interval: BillingInterval, version = catalog.version) => `argus_${planId}_seat_${interval}_v${version}`;
export const seatProductId = (planId: string) => `argus_seat_${planId}`;
export const overageLookupKey = (planId: string, metric: Metric, version = catalog.version) => `argus_${planId}_${metric}_overage_v${version}`;
export const meterEventName = (metric: Metric) => `argus_${metric}`;
export const planProductId = (planId: string) => `argus_plan_${planId}`;
export const metricProductId = (metric: Metric) => `argus_metric_${metric}`;

/** Plans sold through Stripe: any with a non-zero price (explorer is free and never has a subscription). */
export function isPaidPlan(plan: Plan): boolean {
  return plan.prices.some((p) => p.amount > 0);
}

/** The paid plans of the current catalog version (or of `version`). */
export function paidPlans(version = catalog.version): Plan[] {
  return (catalogVersion(version)?.plans ?? []).filter(isPaidPlan);
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
  /** The catalog version whose terms the price carries. */
  catalogVersion: number;
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
  // Every version's plans (an old version's plan keeps billing its subscriptions), named as the newest version names them.
  const names = new Map<string, string>();
  const seatNames = new Map<string, string>();
  for (const version of catalogVersions()) {
    for (const plan of paidPlans(version)) {
      names.set(plan.id, plan.name);
      if (plan.seatPrice) seatNames.set(plan.id, plan.name);
    }
  }
  return [
    ...[...names].map(([id, name]) => ({ id: planProductId(id), name: `Argus ${name}` })),
    ...[...seatNames].map(([id, name]) => ({ id: seatProductId(id), name: `Argus ${name} extra seat` })),
    ...metricIds.map((metric) => ({ id: metricProductId(metric), name: `Argus ${metric.replace(/_/g, ' ')} overage` })),
  ];
}

export function desiredMeters(): MeterSpec[] {
  return catalog.metrics.map((metric) => ({
    eventName: meterEventName(metric.id),
    displayName: `Argus ${metric.id.replace(/_/g, ' ')}`,
    formula: meterFormula(metric.aggregation),
  }));
}

/** Every version's prices (oldest first). */
export function desiredPrices(): PriceSpec[] {
  return catalogVersions().flatMap(versionPrices);
}

function versionPrices(version: number): PriceSpec[] {
  const specs: PriceSpec[] = [];
  for (const plan of paidPlans(version)) {
    for (const price of plan.prices.filter((p) => p.amount > 0)) {
      specs.push({
        lookupKey: licensedLookupKey(plan.id, price.interval, version),
        planId: plan.id,
        catalogVersion: version,
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
        lookupKey: seatLookupKey(plan.id, price.interval, version),
        planId: plan.id,
        catalogVersion: version,
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
    for (const [metric, allowance] of Object.entries(plan.metrics)) {
      if (allowance.capType !== 'soft' || allowance.overageUnitAmount === null) continue;
      const tiers: Tier[] = [
        { upTo: allowance.included, unitAmountDecimal: '0' },
        { upTo: 'inf', unitAmountDecimal: perUnitDecimal(allowance) },
      ];
      specs.push({
        lookupKey: overageLookupKey(plan.id, metric, version),
        planId: plan.id,
        catalogVersion: version,
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
 * The prices a subscription to `planId` billed every `interval` may hold (in the current catalog version, or
 * `version`): its licensed price of that interval first, then its (monthly) overage prices, then its seat price of that
 * interval if it bills seats.
 */
export function planPriceSpecs(planId: string, version = catalog.version, interval: BillingInterval = 'month'): PriceSpec[] {
  const all = versionPrices(version).filter((spec) => spec.planId === planId);
  return [
    ...all.filter((s) => s.kind === 'licensed' && s.interval === interval),
    ...all.filter((s) => s.kind === 'overage'),
    ...all.filter((s) => s.kind === 'seat' && s.interval === interval),
  ];
}

export interface PriceMeaning {
  planId: string;
  kind: PriceKind;
  metric?: Metric;
  /** The catalog version of the price; prices synced before versions existed are version 1. */
  catalogVersion: number;
}

/** What a Stripe price stands for, from the metadata the sync writes (lookup key as a fallback). */
export function describePrice(price: { lookup_key?: string | null; metadata?: Record<string, string> | null }): PriceMeaning | undefined {
  const meta = price.metadata ?? {};
  if (meta[PRICE_METADATA.plan] && meta[PRICE_METADATA.kind]) {
    const version = Number(meta[PRICE_METADATA.version] ?? 1);
    return {
      planId: meta[PRICE_METADATA.plan]!,
      kind: meta[PRICE_METADATA.kind] as PriceKind,
      metric: meta[PRICE_METADATA.metric] as Metric | undefined,
      catalogVersion: Number.isInteger(version) && version > 0 ? version : 1,
    };
  }
  const spec = desiredPrices().find((s) => s.lookupKey === price.lookup_key);
  if (spec) return { planId: spec.planId, kind: spec.kind, metric: spec.metric, catalogVersion: spec.catalogVersion };
  // A lookup key from before versions (`argus_<plan>_<interval>`): version 1's price of that plan.
  const legacy = /^argus_([a-z][a-z0-9_]*)_(month|year)$/.exec(price.lookup_key ?? '');
  return legacy ? { planId: legacy[1]!, kind: 'licensed', catalogVersion: 1 } : undefined;
}

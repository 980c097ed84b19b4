import { metricDefinition } from '../plans/catalog';
import type { Metric } from '../plans/catalog-schema';

/**
 * The bounds of a usage quantity (CONTRACT §3 Usage), the one rule shared by `POST /v1/usage`, the SQS aggregator and
 * quota check. They keep every counter, daily bucket and overage price inside exact arithmetic: 10^12 per event leaves
 * a period counter thousands of maximal events below 2^53, and 6 decimals are what a DynamoDB number, a meter value
 * rounded up and a micro-unit price can all carry without rounding surprises.
 */
export const QUANTITY_MAX = 1_000_000_000_000;
export const GAUGE_DECIMALS = 6;

/** Counted metrics (`sum`, `count`) add whole units; gauges (`max`, `last`) report a level that may be fractional. */
export function isGauge(metric: Metric): boolean {
  const aggregation = metricDefinition(metric)?.aggregation;
  return aggregation === 'max' || aggregation === 'last';
}

/** Why `quantity` is out of bounds for `metric`, or undefined when it is within them. */
export function quantityProblem(metric: Metric, quantity: number): string | undefined {
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || !(quantity > 0)) return 'quantity must be a number greater than 0';
  if (quantity > QUANTITY_MAX) return `quantity must be at most ${QUANTITY_MAX} (10^12)`;
  if (!isGauge(metric)) return Number.isInteger(quantity) ? undefined : `${metric} is counted in whole units: quantity must be a whole number`;
  return decimalPlaces(quantity) <= GAUGE_DECIMALS ? undefined : `${metric} is a level with at most ${GAUGE_DECIMALS} decimals`;
}

/**
 * Decimals of the shortest decimal that reads back as `n` (how JSON wrote it): `0.1` has 1, `1e-7` has 7. Judged on
 * the text, not by scaling, because `n * 10^6` of a large level is not exact in floating point.
 */
export function decimalPlaces(n: number): number {
  const [mantissa, exponent = '0'] = String(n).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

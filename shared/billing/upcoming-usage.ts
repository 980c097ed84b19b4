import type { Metric, MetricAllowance } from '../plans/catalog';
import { overageAmount, type Money } from '../usage/pricing';
import { overageUnits, wholeLevel } from '../usage/meter-units';
import { meterFormula } from './stripe-catalog';

export interface UsageCharge {
  metric: Metric;
  /** The whole units the period's invoice bills for the metric (what the meter will hold once the sink has reported). */
  quantity: number;
  /** Units beyond the plan's included amount. */
  overage: number;
  amount: Money;
}

/**
 * What one metric's usage so far adds to the period's invoice. `used` is the billable usage (read-usage.ts
 * `billableUsage`: what credits paid for is taken out, as the meter sink does): the whole-unit level the meter sink reports
 * (meter-units.ts: floor for sums, ceiling for gauges), the overage beyond the plan's included amount and its price
 * as the graduated Stripe price bills it (pricing.ts). `reported` is what Stripe's meter already holds (a sum never goes
 * below it).
 *
 * The one place the upcoming invoice prices usage, so the preview, the invoice and the quota answers keep agreeing.
 */
export function usageCharge(metric: Metric, allowance: MetricAllowance, used: number, reported: number): UsageCharge {
  const formula = meterFormula(allowance.aggregation);
  const level = wholeLevel(used, formula);
  const quantity = formula === 'sum' ? Math.max(level, reported) : level;
  const overage = overageUnits(quantity, allowance.included);
  return { metric, quantity, overage, amount: overageAmount(overage, allowance) };
}

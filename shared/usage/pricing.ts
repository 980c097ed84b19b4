import type { MetricAllowance } from '../plans/catalog';

export interface Money {
  amount: number;
  currency: 'usd';
}

const SCALE = 1_000_000n;
const scaled = (n: number) => BigInt(Math.round(n * 1_000_000));

/** Usage beyond the included amount that is billed: soft caps only (a hard cap refuses instead of billing). */
export function billableOverage(used: number, allowance: MetricAllowance): number {
  if (allowance.capType !== 'soft' || allowance.overageUnitAmount === null) return 0;
  return Math.max(0, used - allowance.included);
}

/**
 * What the overage costs, in cents, priced like the Stripe overage price the billing sync creates (graduated tiers:
 * `included` free, then overageUnitAmount per overageUnitSize base units; the line total rounded half up to a cent).
 * Integer arithmetic on micro-units, so $0.001 per call times 1,234,567 calls is exact.
 */
export function overageAmount(overage: number, allowance: MetricAllowance): Money {
  if (!overage || allowance.overageUnitAmount === null) return { amount: 0, currency: 'usd' };
  const numerator = scaled(overage) * scaled(allowance.overageUnitAmount);
  const denominator = BigInt(allowance.overageUnitSize) * SCALE * SCALE;
  return { amount: Number((numerator * 2n + denominator) / (2n * denominator)), currency: 'usd' };
}

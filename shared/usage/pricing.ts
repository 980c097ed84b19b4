import type { MetricAllowance } from '../plans/catalog';

export interface Money {
  amount: number;
  currency: 'usd';
}

const SCALE = 1_000_000n;
/** `n` in millionths, exactly: `n * 1e6` as a double loses digits once it passes 2^53 (quantities reach 10^12). */
function scaled(n: number): bigint {
  const [whole, fraction = ''] = n.toFixed(6).split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(6, '0'));
}

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

/** Money whose amount is a decimal string of minor units: the contract's form for sub-cent accrual (CONTRACT §1). */
export interface AccruedMoney {
  amount: string;
  currency: 'usd';
}

/** Sub-cent digits kept by an accrual: micro-cents, rounded half up. */
const ACCRUAL_PLACES = 6;

/**
 * What the overage has accrued so far, exact to a micro-cent, before the invoice rounds the line to a cent (e.g.
 * 1,234 api_calls at $0.001 = "123.4" cents). A string, so it stays exact at any size (a number would lose digits past 2^53).
 */
export function overageAccrual(overage: number, allowance: MetricAllowance): AccruedMoney {
  if (!overage || allowance.overageUnitAmount === null) return { amount: '0', currency: 'usd' };
  const numerator = scaled(overage) * scaled(allowance.overageUnitAmount);
  const denominator = BigInt(allowance.overageUnitSize) * SCALE;
  const micro = (numerator * 2n + denominator) / (2n * denominator);
  return { amount: decimalString(micro, ACCRUAL_PLACES), currency: 'usd' };
}

function decimalString(value: bigint, places: number): string {
  const unit = 10n ** BigInt(places);
  const fraction = (value % unit).toString().padStart(places, '0').replace(/0+$/, '');
  return `${value / unit}${fraction ? `.${fraction}` : ''}`;
}

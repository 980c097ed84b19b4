import type { MetricAllowance } from '../plans/catalog-schema';
import type { Money } from '../usage/pricing';

/**
 * The arithmetic of a spend limit (CONTRACT §3 Usage, "Spend limit"), pure. A period's billed overage is kept in
 * micro-cents (10^-6 of a minor unit), an exact integer: each base unit past the included amount and the credits
 * costs `overageUnitAmount / overageUnitSize` cents, the per-unit decimal the Stripe overage price carries
 * (shared/billing/stripe-catalog.ts `perUnitDecimal`), so the sum of what every write adds is what the meter sink bills
 * before Stripe rounds each invoice line to a cent.
 */
export const MICROS_PER_MINOR_UNIT = 1_000_000;
/** The largest limit accepted (10^9 minor units, $10M a month): its micro-cents stay exact in a double. */
export const MAX_LIMIT_MINOR_UNITS = 1_000_000_000;
/** One write never adds more than this (a quantity of 10^12 at a dollar a unit would pass 2^53): far past any limit. */
const MAX_ADD_MICROS = 2 ** 50;

const SCALE = 1_000_000n;

function scaled(n: number): bigint {
  const [whole, fraction = ''] = n.toFixed(6).split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(6, '0'));
}

/**
 * Micro-cents one base unit of overage costs: 0 where nothing is billed (hard caps, no overage price). The catalog's
 * prices are whole micro-cents per unit (0.1 cent per call = 100,000); a price finer than that is rounded up, so
 * the limit is reached no later than the bill says.
 */
export function unitPriceMicros(allowance: Pick<MetricAllowance, 'capType' | 'overageUnitAmount' | 'overageUnitSize'>): number {
  if (allowance.capType !== 'soft' || allowance.overageUnitAmount === null) return 0;
  const numerator = scaled(allowance.overageUnitAmount);
  const size = BigInt(allowance.overageUnitSize);
  return Number((numerator + size - 1n) / size);
}

/** What `units` of overage add to the period's spend. */
export function overageMicros(units: number, unitMicros: number): number {
  if (units <= 0 || unitMicros <= 0) return 0;
  return Math.min(MAX_ADD_MICROS, Math.ceil(units * unitMicros));
}

/**
 * The change in a metric's billed overage when its counter's `net` moves from `net` by `delta` (overage is the part of
 * `net` past `included`: spend-plan.ts), in micro-cents.
 */
export function overageChangeMicros(net: number, delta: number, included: number, unitMicros: number): number {
  const units = Math.max(0, net + delta - included) - Math.max(0, net - included);
  return units >= 0 ? overageMicros(units, unitMicros) : -overageMicros(-units, unitMicros);
}

export function limitMicros(limit: Money): number {
  return limit.amount * MICROS_PER_MINOR_UNIT;
}

/** Whether adding `addMicros` to a period that spent `spentMicros` passes the limit (null: no limit). */
export function passesLimit(spentMicros: number, addMicros: number, limit: Money | null | undefined): boolean {
  return !!limit && addMicros > 0 && spentMicros + addMicros > limitMicros(limit);
}

/** Micro-cents as the Money the contract's events carry: whole minor units, half up (like an invoice line). */
export function microsToMoney(micros: number): Money {
  return { amount: Math.floor((micros + MICROS_PER_MINOR_UNIT / 2) / MICROS_PER_MINOR_UNIT), currency: 'usd' };
}

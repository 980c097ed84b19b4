import type { Obj } from '../store';

const SCALE = 12;

/** Decimal string -> scaled BigInt (12 fractional digits), exact for Stripe's 12-decimal amounts. */
function scaled(decimal: string): bigint {
  const negative = decimal.startsWith('-');
  const [whole, frac = ''] = decimal.replace('-', '').split('.');
  const value = BigInt(whole + frac.padEnd(SCALE, '0').slice(0, SCALE));
  return negative ? -value : value;
}

/** round-half-up(quantity × unitDecimal) in minor units, without float error. */
export function multiplyRound(quantity: number, unitDecimal: string): number {
  const product = BigInt(Math.trunc(quantity)) * scaled(unitDecimal);
  const unit = 10n ** BigInt(SCALE);
  const half = unit / 2n;
  const rounded = product >= 0n ? (product + half) / unit : -((-product + half) / unit);
  return Number(rounded);
}

export function unitDecimal(price: Obj): string {
  return price.unit_amount_decimal ?? String(price.unit_amount ?? 0);
}

/** Applies `transform_quantity` (e.g. bill per 1,000 units). */
export function transformedQuantity(price: Obj, quantity: number): number {
  const t = price.transform_quantity as { divide_by: number; round: 'up' | 'down' } | null;
  if (!t) return quantity;
  const q = quantity / t.divide_by;
  return t.round === 'up' ? Math.ceil(q) : Math.floor(q);
}

interface Tier {
  up_to: number | null;
  unit_amount_decimal: string | null;
  flat_amount: number | null;
}

function tieredAmount(price: Obj, quantity: number): number {
  const tiers = price.tiers as Tier[];
  if (price.tiers_mode === 'volume') {
    const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to) ?? tiers[tiers.length - 1];
    return multiplyRound(quantity, tier.unit_amount_decimal ?? '0') + (quantity > 0 ? (tier.flat_amount ?? 0) : 0);
  }
  let total = 0;
  let floor = 0;
  for (const tier of tiers) {
    if (quantity <= floor) break;
    const ceiling = tier.up_to ?? Infinity;
    const inTier = Math.min(quantity, ceiling) - floor;
    total += multiplyRound(inTier, tier.unit_amount_decimal ?? '0') + (tier.flat_amount ?? 0);
    floor = ceiling;
  }
  return total;
}

/** Amount for `quantity` units of `price` (licensed seats or metered usage). */
export function priceAmount(price: Obj, quantity: number): number {
  const q = transformedQuantity(price, quantity);
  if (price.billing_scheme === 'tiered') return tieredAmount(price, q);
  return multiplyRound(q, unitDecimal(price));
}

export function formatMoney(amount: number, currency: string): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const symbol = currency === 'usd' ? '$' : `${currency.toUpperCase()} `;
  return `${sign}${symbol}${(abs / 100).toFixed(2)}`;
}

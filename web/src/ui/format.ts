import type { Money } from '../../../shared/client/argus-client';

/**
 * Money and dates the way the user's browser locale writes them. Money is in minor units (CONTRACT §1); sub-cent
 * accruals arrive as decimal strings and keep their extra digits.
 */
const locale = () => navigator.language || 'en-US';

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(money: { amount: number | string; currency: string }): string {
  const currency = money.currency.toUpperCase();
  const digits = minorDigits(currency);
  const amount = Number(money.amount) / 10 ** digits;
  const fractional = typeof money.amount === 'string' && !Number.isInteger(Number(money.amount));
  return new Intl.NumberFormat(locale(), { style: 'currency', currency, maximumFractionDigits: fractional ? digits + 4 : digits }).format(amount);
}

/** A price of the catalog (amount in minor units, currency beside it). */
export function formatPrice(amount: number, currency: string): string {
  return formatMoney({ amount, currency });
}

/** A decimal amount a person typed ("12.50") as Money in minor units, or undefined when it is not one. */
export function parseMoney(text: string, currency: string): Money | undefined {
  const digits = minorDigits(currency.toUpperCase());
  const trimmed = text.trim();
  if (!new RegExp(`^\\d{1,9}(\\.\\d{0,${digits}})?$`).test(trimmed)) return undefined;
  const [whole, fraction = ''] = trimmed.split('.');
  return { amount: Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0'), currency: currency.toLowerCase() as Money['currency'] };
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 6 }).format(value);
}

import type { Money } from '../usage/pricing';

/**
 * A Stripe amount (integer minor units) as the contract's Money object. The catalog prices in usd only, so every
 * Stripe object Argus creates is in usd; anything else is a configuration error worth failing loudly on.
 */
export function stripeMoney(amount: number, currency: string): Money {
  if (currency.toLowerCase() !== 'usd') throw new Error(`Stripe answered in ${currency}; the catalog prices in usd only`);
  if (!Number.isSafeInteger(amount)) throw new Error(`Stripe amount ${amount} is not an integer of minor units`);
  return { amount, currency: 'usd' };
}

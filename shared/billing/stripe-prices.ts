import type Stripe from 'stripe';
import { catalog } from '../plans/catalog';
import { planPriceSpecs, type BillingInterval, type PriceSpec } from './stripe-catalog';

const CACHE_MS = 5 * 60_000;
let cache: { at: number; prices: Map<string, Stripe.Price> } | undefined;

/**
 * A plan's Stripe prices, found by lookup key (never a stage-specific id), cached per container for a few minutes.
 * Fails loudly when the catalog has not been synced into this Stripe account (`npx argus stripe sync`).
 */
export async function planPrices(stripe: Stripe, planId: string, version = catalog.version, interval: BillingInterval = 'month'): Promise<Array<{ spec: PriceSpec; price: Stripe.Price }>> {
  const specs = planPriceSpecs(planId, version, interval);
  if (!cache || Date.now() - cache.at > CACHE_MS || specs.some((s) => !cache!.prices.has(s.lookupKey))) {
    const prices = new Map<string, Stripe.Price>();
    for (let i = 0; i < specs.length; i += 10) {
      const page = await stripe.prices.list({ lookup_keys: specs.slice(i, i + 10).map((s) => s.lookupKey), active: true, limit: 100 });
      for (const price of page.data) if (price.lookup_key) prices.set(price.lookup_key, price);
    }
    cache = { at: Date.now(), prices: new Map([...(cache?.prices ?? []), ...prices]) };
  }
  return specs.map((spec) => {
    const price = cache!.prices.get(spec.lookupKey);
    if (!price) throw new Error(`Stripe price ${spec.lookupKey} is missing: run npx argus stripe sync for this Stripe account`);
    return { spec, price };
  });
}

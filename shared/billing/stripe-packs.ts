import Stripe from 'stripe';
import { catalog, type CreditPack } from '../plans/catalog';
import { PRICE_METADATA } from './stripe-catalog';

/**
 * Credit packs in Stripe: one product and one one-time price per pack, found by lookup key (`argus_pack_<packId>`),
 * like the plans' prices. A changed pack price is created anew and takes the lookup key over (Stripe prices cannot
 * change amount); Checkout Sessions already open keep the price they were made with.
 */
export const packLookupKey = (packId: string) => `argus_pack_${packId}`;
export const packProductId = (packId: string) => `argus_pack_${packId}`;
export const PACK_METADATA = { pack: 'argus_pack' } as const;

export interface PackPriceSpec {
  lookupKey: string;
  packId: string;
  productId: string;
  productName: string;
  currency: string;
  unitAmount: number;
  fingerprint: string;
}

export function desiredPackPrices(): PackPriceSpec[] {
  return catalog.creditPacks.map((pack: CreditPack) => ({
    lookupKey: packLookupKey(pack.id),
    packId: pack.id,
    productId: packProductId(pack.id),
    productName: `Argus credits: ${pack.quantity.toLocaleString('en-US')} ${pack.metric.replace(/_/g, ' ')}`,
    currency: pack.price.currency,
    unitAmount: pack.price.amount,
    fingerprint: JSON.stringify(['pack', pack.price.currency, pack.price.amount]),
  }));
}

/** Makes Stripe hold every pack's product and current price (idempotent); returns what it created or updated. */
export async function syncPackPrices(stripe: Stripe): Promise<{ created: string[]; updated: string[]; unchanged: number }> {
  const out = { created: [] as string[], updated: [] as string[], unchanged: 0 };
  const specs = desiredPackPrices();
  for (const spec of specs) {
    const product = await stripe.products.retrieve(spec.productId).catch((error: unknown) => {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return undefined;
      throw error;
    });
    if (!product) {
      await stripe.products.create({ id: spec.productId, name: spec.productName });
      out.created.push(`product ${spec.productId}`);
    } else if (product.name !== spec.productName || !product.active) {
      await stripe.products.update(spec.productId, { name: spec.productName, active: true });
      out.updated.push(`product ${spec.productId}`);
    } else out.unchanged++;
  }
  const existing = new Map<string, Stripe.Price>();
  for (let i = 0; i < specs.length; i += 10) {
    const page = await stripe.prices.list({ lookup_keys: specs.slice(i, i + 10).map((s) => s.lookupKey), limit: 100 });
    for (const price of page.data) if (price.lookup_key) existing.set(price.lookup_key, price);
  }
  for (const spec of specs) {
    const current = existing.get(spec.lookupKey);
    if (current?.active && current.metadata?.[PRICE_METADATA.fingerprint] === spec.fingerprint) {
      out.unchanged++;
      continue;
    }
    await stripe.prices.create({
      currency: spec.currency,
      product: spec.productId,
      unit_amount: spec.unitAmount,
      lookup_key: spec.lookupKey,
      transfer_lookup_key: true,
      metadata: { [PACK_METADATA.pack]: spec.packId, [PRICE_METADATA.kind]: 'pack', [PRICE_METADATA.fingerprint]: spec.fingerprint },
    });
    if (current) {
      await stripe.prices.update(current.id, { active: false });
      out.updated.push(`price ${spec.lookupKey}`);
    } else out.created.push(`price ${spec.lookupKey}`);
  }
  return out;
}

/** The pack's current one-time price; fails loudly when the catalog has not been synced into this Stripe account. */
export async function packPrice(stripe: Stripe, packId: string): Promise<Stripe.Price> {
  const { data } = await stripe.prices.list({ lookup_keys: [packLookupKey(packId)], active: true, limit: 1 });
  const price = data[0];
  if (!price) throw new Error(`Stripe price ${packLookupKey(packId)} is missing: run npm run stripe:sync for this Stripe account`);
  return price;
}

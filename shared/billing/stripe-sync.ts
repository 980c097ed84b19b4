import Stripe from 'stripe';
import { syncPackPrices } from './stripe-packs';
import { desiredMeters, desiredPrices, desiredProducts, PRICE_METADATA, type PriceSpec } from './stripe-catalog';

export interface SyncSummary {
  created: string[];
  updated: string[];
  unchanged: number;
}

/**
 * Makes Stripe hold the catalog: one meter per metric, a product per paid plan and per metric, a licensed monthly price
 * per paid plan and a graduated metered overage price per soft-capped metric. Idempotent: run it any number of times.
 * Prices cannot change amount in Stripe, so a changed price is created anew and takes over the lookup key
 * (`transfer_lookup_key`); the old one is deactivated and keeps billing the subscriptions already on it until they change plan.
 * Credit packs get a product and a one-time price each (stripe-packs.ts).
 */
export async function syncStripeCatalog(stripe: Stripe): Promise<SyncSummary> {
  const summary: SyncSummary = { created: [], updated: [], unchanged: 0 };
  const meterIds = await syncMeters(stripe, summary);
  await syncProducts(stripe, summary);
  await syncPrices(stripe, meterIds, summary);
  const packs = await syncPackPrices(stripe);
  summary.created.push(...packs.created);
  summary.updated.push(...packs.updated);
  summary.unchanged += packs.unchanged;
  return summary;
}

async function syncMeters(stripe: Stripe, summary: SyncSummary): Promise<Map<string, string>> {
  const existing = await stripe.billing.meters.list({ status: 'active', limit: 100 }).autoPagingToArray({ limit: 1000 });
  const ids = new Map<string, string>();
  for (const spec of desiredMeters()) {
    const found = existing.find((m) => m.event_name === spec.eventName);
    if (found) {
      ids.set(spec.eventName, found.id);
      if (found.display_name !== spec.displayName) {
        await stripe.billing.meters.update(found.id, { display_name: spec.displayName });
        summary.updated.push(`meter ${spec.eventName}`);
      } else summary.unchanged++;
      continue;
    }
    const meter = await stripe.billing.meters.create({
      display_name: spec.displayName,
      event_name: spec.eventName,
      default_aggregation: { formula: spec.formula },
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
      value_settings: { event_payload_key: 'value' },
    });
    ids.set(spec.eventName, meter.id);
    summary.created.push(`meter ${spec.eventName}`);
  }
  return ids;
}

async function syncProducts(stripe: Stripe, summary: SyncSummary): Promise<void> {
  for (const spec of desiredProducts()) {
    const found = await stripe.products.retrieve(spec.id).catch((error: unknown) => {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return undefined;
      throw error;
    });
    if (!found) {
      await stripe.products.create({ id: spec.id, name: spec.name });
      summary.created.push(`product ${spec.id}`);
    } else if (found.name !== spec.name || !found.active) {
      await stripe.products.update(spec.id, { name: spec.name, active: true });
      summary.updated.push(`product ${spec.id}`);
    } else summary.unchanged++;
  }
}

async function pricesByLookupKey(stripe: Stripe, keys: string[]): Promise<Map<string, Stripe.Price>> {
  const found = new Map<string, Stripe.Price>();
  // Stripe accepts at most 10 lookup keys per list call.
  for (let i = 0; i < keys.length; i += 10) {
    const page = await stripe.prices.list({ lookup_keys: keys.slice(i, i + 10), limit: 100 });
    for (const price of page.data) if (price.lookup_key) found.set(price.lookup_key, price);
  }
  return found;
}

function priceParams(spec: PriceSpec, meterIds: Map<string, string>): Stripe.PriceCreateParams {
  const metadata = {
    [PRICE_METADATA.plan]: spec.planId,
    [PRICE_METADATA.kind]: spec.kind,
    [PRICE_METADATA.version]: String(spec.catalogVersion),
    ...(spec.metric ? { [PRICE_METADATA.metric]: spec.metric } : {}),
    [PRICE_METADATA.fingerprint]: spec.fingerprint,
  };
  const base = { currency: spec.currency, product: spec.productId, lookup_key: spec.lookupKey, transfer_lookup_key: true, metadata };
  if (spec.kind !== 'overage') return { ...base, unit_amount: spec.unitAmount!, recurring: { interval: spec.interval } };
  return {
    ...base,
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: spec.tiers!.map((t) => ({ up_to: t.upTo, unit_amount_decimal: Stripe.Decimal.from(t.unitAmountDecimal) })),
    recurring: { interval: spec.interval, usage_type: 'metered', meter: meterIds.get(spec.meterEventName!)! },
  };
}

function isCurrent(price: Stripe.Price, spec: PriceSpec, meterIds: Map<string, string>): boolean {
  return (
    price.active &&
    price.metadata?.[PRICE_METADATA.fingerprint] === spec.fingerprint &&
    (spec.kind !== 'overage' || price.recurring?.meter === meterIds.get(spec.meterEventName!))
  );
}

async function syncPrices(stripe: Stripe, meterIds: Map<string, string>, summary: SyncSummary): Promise<void> {
  const specs = desiredPrices();
  const existing = await pricesByLookupKey(stripe, specs.map((s) => s.lookupKey));
  for (const spec of specs) {
    const current = existing.get(spec.lookupKey);
    if (current && isCurrent(current, spec, meterIds)) {
      summary.unchanged++;
      continue;
    }
    await stripe.prices.create(priceParams(spec, meterIds));
    if (current) {
      await stripe.prices.update(current.id, { active: false });
      summary.updated.push(`price ${spec.lookupKey}`);
    } else summary.created.push(`price ${spec.lookupKey}`);
  }
}

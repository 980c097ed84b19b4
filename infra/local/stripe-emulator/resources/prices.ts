import type { Core } from '../core';
import { diffPrevious } from '../core';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { newId } from '../ids';
import { LIST_PARAMS, paginate } from '../list';
import type { Params } from '../params';
import type { Router } from '../router';
import type { Obj } from '../store';
import { createProduct, getProduct } from './products';

const CREATE = ['currency', 'unit_amount', 'unit_amount_decimal', 'product', 'product_data', 'recurring', 'lookup_key',
  'transfer_lookup_key', 'nickname', 'metadata', 'active', 'billing_scheme', 'tiers', 'tiers_mode', 'transform_quantity',
  'tax_behavior', 'expand'] as const;

export function getPrice(core: Core, id: string, param = 'price'): Obj {
  const price = core.store.get('prices', id);
  if (!price) throw noSuch('price', id, param);
  return price;
}

/** Stripe keeps lookup keys unique; `transfer_lookup_key` moves one from its current price. */
function claimLookupKey(core: Core, key: string, transfer: boolean, self?: string): void {
  const holder = core.store.list('prices', (p) => p.lookup_key === key && p.id !== self)[0];
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key', 'lookup_key_already_exists');
  }
  const before = structuredClone(holder);
  holder.lookup_key = null;
  core.emit('price.updated', holder, diffPrevious(before, holder));
}

function readRecurring(core: Core, p: Params | undefined): Obj | null {
  if (!p) return null;
  p.allowOnly(['interval', 'interval_count', 'usage_type', 'meter', 'trial_period_days']);
  const interval = p.oneOf('interval', ['day', 'week', 'month', 'year']);
  if (!interval) throw missingParam('recurring[interval]');
  const usageType = p.oneOf('usage_type', ['licensed', 'metered']) ?? 'licensed';
  const meter = p.str('meter') ?? null;
  if (usageType === 'metered' && !meter) throw missingParam('recurring[meter]');
  if (meter && !core.store.get('meters', meter)) throw noSuch('billing.meter', meter, 'recurring[meter]');
  return {
    interval,
    interval_count: p.int('interval_count', 1, 36) ?? 1,
    meter,
    trial_period_days: p.int('trial_period_days', 1, 730) ?? null,
    usage_type: usageType,
  };
}

function readTiers(p: Params): Obj[] | null {
  const tiers = p.list('tiers');
  if (!tiers) return null;
  return tiers.map((t) => {
    const upTo = t.str('up_to');
    if (upTo === undefined) throw missingParam('tiers[][up_to]');
    const unit = t.int('unit_amount', 0);
    const unitDecimal = t.decimal('unit_amount_decimal') ?? (unit !== undefined ? String(unit) : null);
    return {
      flat_amount: t.int('flat_amount', 0) ?? null,
      flat_amount_decimal: t.decimal('flat_amount_decimal') ?? null,
      unit_amount: unit ?? null,
      unit_amount_decimal: unitDecimal,
      up_to: upTo === 'inf' ? null : Number(upTo),
    };
  });
}

function createPrice(core: Core, p: Params): Obj {
  p.allowOnly(CREATE);
  const currency = p.reqStr('currency').toLowerCase();
  let productId = p.str('product');
  const productData = p.obj('product_data');
  if (productId) getProduct(core, productId, 'product');
  else if (productData) productId = createProduct(core, productData.allowOnly(['name', 'metadata', 'active', 'unit_label'])).id;
  else throw missingParam('product');
  const billingScheme = p.oneOf('billing_scheme', ['per_unit', 'tiered']) ?? 'per_unit';
  const unitAmount = p.int('unit_amount', 0);
  const unitAmountDecimal = p.decimal('unit_amount_decimal');
  const tiers = readTiers(p);
  if (billingScheme === 'per_unit' && unitAmount === undefined && unitAmountDecimal === undefined) {
    throw missingParam('unit_amount');
  }
  if (billingScheme === 'tiered' && !tiers) throw missingParam('tiers');
  const transform = p.obj('transform_quantity');
  const lookupKey = p.str('lookup_key');
  if (lookupKey) claimLookupKey(core, lookupKey, p.bool('transfer_lookup_key') ?? false);
  const recurring = readRecurring(core, p.obj('recurring'));
  const decimal = unitAmountDecimal ?? (unitAmount !== undefined ? String(unitAmount) : null);
  const price: Obj = {
    id: newId('price'),
    object: 'price',
    active: p.bool('active') ?? true,
    billing_scheme: billingScheme,
    created: core.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey || null,
    metadata: p.metadata() ?? {},
    nickname: p.str('nickname') ?? null,
    product: productId,
    recurring,
    tax_behavior: p.oneOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified']) ?? 'unspecified',
    tiers: tiers ?? undefined,
    tiers_mode: billingScheme === 'tiered' ? (p.oneOf('tiers_mode', ['graduated', 'volume']) ?? missing('tiers_mode')) : null,
    transform_quantity: transform
      ? { divide_by: transform.int('divide_by', 1) ?? missing('transform_quantity[divide_by]'), round: transform.oneOf('round', ['up', 'down']) ?? missing('transform_quantity[round]') }
      : null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: billingScheme === 'tiered' ? null : decimal !== null && /^\d+$/.test(decimal) ? Number(decimal) : null,
    unit_amount_decimal: billingScheme === 'tiered' ? null : decimal,
  };
  core.store.put('prices', price);
  core.emit('price.created', price);
  return price;
}

function missing(param: string): never {
  throw missingParam(param);
}

export function registerPrices(router: Router): void {
  router.add('POST', '/v1/prices', ({ core, params }) => createPrice(core, params));
  router.add('GET', '/v1/prices/:id', ({ core, params, path }) => {
    params.allowOnly(['expand']);
    return getPrice(core, path.id, 'id');
  });
  router.add('POST', '/v1/prices/:id', ({ core, params, path }) => {
    params.allowOnly(['active', 'metadata', 'nickname', 'lookup_key', 'transfer_lookup_key', 'tax_behavior', 'expand']);
    const price = getPrice(core, path.id, 'id');
    const before = structuredClone(price);
    const active = params.bool('active');
    if (active !== undefined) price.active = active;
    const nickname = params.str('nickname');
    if (nickname !== undefined) price.nickname = nickname || null;
    const lookupKey = params.str('lookup_key');
    if (lookupKey !== undefined) {
      if (lookupKey) claimLookupKey(core, lookupKey, params.bool('transfer_lookup_key') ?? false, price.id);
      price.lookup_key = lookupKey || null;
    }
    const metadata = params.metadata(price.metadata);
    if (metadata) price.metadata = metadata;
    core.emit('price.updated', price, diffPrevious(before, price));
    return price;
  });
  router.add('GET', '/v1/prices', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'active', 'product', 'lookup_keys', 'type', 'currency', 'recurring', 'created']);
    const active = params.bool('active');
    const product = params.str('product');
    const lookupKeys = params.strList('lookup_keys');
    const type = params.str('type');
    const currency = params.str('currency');
    const items = core.store.list('prices', (p) =>
      (active === undefined || p.active === active) &&
      (product === undefined || p.product === product) &&
      (!lookupKeys || lookupKeys.includes(p.lookup_key)) &&
      (type === undefined || p.type === type) &&
      (currency === undefined || p.currency === currency));
    return paginate(items, params, '/v1/prices');
  });
}

import type { Core } from '../core';
import { invalidParam, invalidRequest, missingParam, noSuch } from '../errors';
import { newId, randomBase62 } from '../ids';
import { LIST_PARAMS, paginate } from '../list';
import type { Params } from '../params';
import type { Router } from '../router';
import type { Obj } from '../store';

/**
 * Coupons and promotion codes, as much as a discounted first invoice needs: a coupon (`percent_off`, or `amount_off`
 * in a currency; `once`, `repeating` for `duration_in_months`, or `forever`) and customer-facing codes for it.
 */
function createCoupon(core: Core, p: Params): Obj {
  p.allowOnly(['id', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'name', 'max_redemptions', 'redeem_by', 'metadata', 'expand']);
  const percent = p.decimal('percent_off');
  const amountOff = p.int('amount_off', 1);
  if ((percent === undefined) === (amountOff === undefined)) throw invalidRequest('You must pass exactly one of percent_off or amount_off.', 'percent_off');
  if (percent !== undefined && !(Number(percent) > 0 && Number(percent) <= 100)) throw invalidParam('percent_off', 'Invalid percent_off: must be greater than 0 and at most 100.');
  const currency = p.str('currency')?.toLowerCase();
  if (amountOff !== undefined && !currency) throw missingParam('currency');
  const duration = p.oneOf('duration', ['once', 'repeating', 'forever']) ?? 'once';
  const months = p.int('duration_in_months', 1, 36);
  if (duration === 'repeating' && months === undefined) throw missingParam('duration_in_months');
  const id = p.str('id') ?? randomBase62(8);
  if (core.store.get('coupons', id)) throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  const coupon: Obj = {
    id,
    object: 'coupon',
    amount_off: amountOff ?? null,
    created: core.now(),
    currency: amountOff !== undefined ? currency : null,
    duration,
    duration_in_months: duration === 'repeating' ? months : null,
    livemode: false,
    max_redemptions: p.int('max_redemptions', 1) ?? null,
    metadata: p.metadata() ?? {},
    name: p.str('name') ?? null,
    percent_off: percent !== undefined ? Number(percent) : null,
    redeem_by: p.int('redeem_by') ?? null,
    times_redeemed: 0,
    valid: true,
  };
  core.store.put('coupons', coupon);
  core.emit('coupon.created', coupon);
  return coupon;
}

export function getCoupon(core: Core, id: string, param = 'coupon'): Obj {
  const coupon = core.store.get('coupons', id);
  if (!coupon) throw noSuch('coupon', id, param);
  return coupon;
}

function createPromotionCode(core: Core, p: Params): Obj {
  p.allowOnly(['promotion', 'code', 'active', 'customer', 'expires_at', 'max_redemptions', 'metadata', 'restrictions', 'expand']);
  const promotion = p.obj('promotion');
  if (!promotion) throw missingParam('promotion');
  promotion.allowOnly(['type', 'coupon']);
  if (promotion.oneOf('type', ['coupon']) === undefined) throw missingParam('promotion[type]');
  const coupon = getCoupon(core, promotion.reqStr('coupon'), 'promotion[coupon]');
  const code = p.str('code') ?? randomBase62(8).toUpperCase();
  if (!/^[a-zA-Z0-9]{1,500}$/.test(code)) throw invalidParam('code', 'Invalid code: only letters and digits.');
  if (core.store.list('promotionCodes', (c) => c.active && c.code.toLowerCase() === code.toLowerCase()).length > 0) {
    throw invalidRequest('An active promotion code with `code` already exists.', 'code', 'resource_already_exists');
  }
  const promo: Obj = {
    id: newId('promo'),
    object: 'promotion_code',
    active: p.bool('active') ?? true,
    code,
    created: core.now(),
    customer: p.str('customer') ?? null,
    customer_account: null,
    expires_at: p.int('expires_at') ?? null,
    livemode: false,
    max_redemptions: p.int('max_redemptions', 1) ?? null,
    metadata: p.metadata() ?? {},
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: { currency_options: {}, first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: 0,
  };
  core.store.put('promotionCodes', promo);
  core.emit('promotion_code.created', promo);
  return promo;
}

export function getPromotionCode(core: Core, id: string, param = 'promotion_code'): Obj {
  const promo = core.store.get('promotionCodes', id);
  if (!promo) throw noSuch('promotion_code', id, param);
  return promo;
}

/** Why a coupon or code cannot be redeemed now (undefined: it can). */
function unusable(core: Core, coupon: Obj, promo?: Obj): string | undefined {
  const now = core.now();
  if (promo && (!promo.active || (promo.expires_at !== null && promo.expires_at <= now) || (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions))) {
    return 'This promotion code is no longer valid.';
  }
  if (!coupon.valid || (coupon.redeem_by !== null && coupon.redeem_by <= now) || (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)) {
    return 'This coupon is no longer valid.';
  }
  return undefined;
}

/** The promotion code a customer typed on the hosted page (case-insensitive), checked for use now. */
export function findRedeemableCode(core: Core, code: string): Obj {
  const promo = core.store.list('promotionCodes', (c) => c.code.toLowerCase() === code.toLowerCase() && c.active)[0];
  if (!promo) throw invalidRequest(`No such promotion code: '${code}'`, 'promotion_code', 'resource_missing');
  const why = unusable(core, getCoupon(core, promo.promotion.coupon), promo);
  if (why) throw invalidRequest(why, 'promotion_code', 'promotion_code_invalid');
  return promo;
}

export function assertRedeemable(core: Core, coupon: Obj, promo: Obj | undefined, param: string): void {
  const why = unusable(core, coupon, promo);
  if (why) throw invalidRequest(why, param, promo ? 'promotion_code_invalid' : 'coupon_expired');
}

/** Counts one redemption and returns the discount object a subscription carries (stored in `discounts`). */
export function redeem(core: Core, coupon: Obj, promo: Obj | undefined, target: { customer: string; subscription: string | null; checkoutSession: string | null }): Obj {
  coupon.times_redeemed += 1;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) coupon.valid = false;
  if (promo) promo.times_redeemed += 1;
  const now = core.now();
  const discount: Obj = {
    id: newId('di'),
    object: 'discount',
    checkout_session: target.checkoutSession,
    customer: target.customer,
    customer_account: null,
    end: coupon.duration === 'repeating' ? now + Math.round(coupon.duration_in_months * 30.44 * 86400) : null,
    invoice: null,
    invoice_item: null,
    promotion_code: promo?.id ?? null,
    source: { coupon: coupon.id, type: 'coupon' },
    start: now,
    subscription: target.subscription,
    subscription_item: null,
  };
  core.store.put('discounts', discount);
  return discount;
}

export function registerCoupons(router: Router): void {
  router.add('POST', '/v1/coupons', ({ core, params }) => createCoupon(core, params));
  router.add('GET', '/v1/coupons/:id', ({ core, path }) => getCoupon(core, path.id, 'id'));
  router.add('GET', '/v1/coupons', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'created']);
    return paginate(core.store.list('coupons'), params, '/v1/coupons');
  });
  router.add('POST', '/v1/promotion_codes', ({ core, params }) => createPromotionCode(core, params));
  router.add('GET', '/v1/promotion_codes/:id', ({ core, path }) => getPromotionCode(core, path.id, 'id'));
  router.add('POST', '/v1/promotion_codes/:id', ({ core, params, path }) => {
    params.allowOnly(['active', 'metadata', 'restrictions', 'expand']);
    const promo = getPromotionCode(core, path.id, 'id');
    const active = params.bool('active');
    if (active !== undefined) promo.active = active;
    const metadata = params.metadata(promo.metadata);
    if (metadata) promo.metadata = metadata;
    return promo;
  });
  router.add('GET', '/v1/promotion_codes', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'active', 'code', 'coupon', 'customer', 'created']);
    const active = params.bool('active');
    const code = params.str('code');
    const coupon = params.str('coupon');
    const items = core.store.list('promotionCodes', (c) => (active === undefined || c.active === active) && (!code || c.code === code) && (!coupon || c.promotion.coupon === coupon));
    return paginate(items, params, '/v1/promotion_codes');
  });
}

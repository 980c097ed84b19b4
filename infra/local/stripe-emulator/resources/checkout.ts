import type { Core } from '../core';
import { diffPrevious } from '../core';
import { cardDeclined, invalidParam, invalidRequest, missingParam, noSuch } from '../errors';
import { newId, randomBase62 } from '../ids';
import { LIST_PARAMS, paginate } from '../list';
import type { Params } from '../params';
import type { Router } from '../router';
import type { Obj } from '../store';
import { priceAmount } from '../billing/amounts';
import { customerFails, finalizeAndCollect } from '../billing/payments';
import { buildSubscription, createFirstInvoice } from '../billing/subscription-create';
import { isMetered } from '../billing/subscription-model';
import { createCustomer, getCustomer } from './customers';
import { assertRedeemable, findRedeemableCode, getCoupon, getPromotionCode, redeem } from './coupons';
import { getPrice } from './prices';

const CREATE = ['mode', 'customer', 'customer_email', 'line_items', 'success_url', 'cancel_url', 'client_reference_id',
  'metadata', 'subscription_data', 'allow_promotion_codes', 'billing_address_collection', 'payment_method_types',
  'locale', 'expires_at', 'ui_mode', 'expand', 'customer_update', 'tax_id_collection', 'automatic_tax'] as const;

function readLineItems(core: Core, p: Params, mode: 'payment' | 'subscription'): Obj[] {
  const items = p.list('line_items');
  if (!items || items.length === 0) throw missingParam('line_items');
  return items.map((li, i) => {
    li.allowOnly(['price', 'quantity', 'adjustable_quantity']);
    const price = getPrice(core, li.reqStr('price'), `line_items[${i}][price]`);
    if (mode === 'payment') {
      if (price.recurring) {
        throw invalidParam(`line_items[${i}][price]`, 'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.');
      }
      const quantity = li.int('quantity', 1, 999_999);
      if (quantity === undefined) throw missingParam(`line_items[${i}][quantity]`);
      return { id: newId('li'), price: price.id, quantity };
    }
    if (!price.recurring) throw invalidParam(`line_items[${i}][price]`, 'In `subscription` mode, all line items must use recurring prices.');
    const quantity = li.int('quantity', 1);
    if (isMetered(price) && quantity !== undefined) {
      throw invalidParam(`line_items[${i}][quantity]`, 'Quantity should not be specified where usage_type is `metered`. Remove quantity from `line_items[' + i + ']`.');
    }
    if (!isMetered(price) && quantity === undefined) throw missingParam(`line_items[${i}][quantity]`);
    return { id: newId('li'), price: price.id, quantity: quantity ?? null };
  });
}

/** `discounts`: at most one, a coupon or a promotion code (by id), redeemable now. */
function readDiscounts(core: Core, p: Params): Obj[] {
  const list = p.list('discounts') ?? [];
  if (list.length > 1) throw invalidParam('discounts', 'You may only specify one discount.');
  return list.map((d) => {
    d.allowOnly(['coupon', 'promotion_code']);
    const promoId = d.str('promotion_code');
    const promo = promoId ? getPromotionCode(core, promoId, 'discounts[0][promotion_code]') : undefined;
    const couponId = promo ? promo.promotion.coupon : d.str('coupon');
    if (!couponId) throw missingParam('discounts[0][coupon]');
    assertRedeemable(core, getCoupon(core, couponId, 'discounts[0][coupon]'), promo, 'discounts[0]');
    return { coupon: couponId, promotion_code: promo?.id ?? null };
  });
}

function createSession(core: Core, p: Params): Obj {
  p.allowOnly(CREATE);
  const mode = p.oneOf('mode', ['payment', 'setup', 'subscription']);
  if (!mode) throw missingParam('mode');
  if (mode === 'setup') throw invalidParam('mode', 'The Stripe emulator supports mode=payment and mode=subscription.');
  if (mode === 'payment' && p.obj('subscription_data')) throw invalidParam('subscription_data', 'You can not pass `subscription_data` in `payment` mode.');
  const customerId = p.str('customer');
  if (customerId) getCustomer(core, customerId, 'customer');
  const customerEmail = p.str('customer_email');
  if (customerId && customerEmail) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email');
  const successUrl = p.reqStr('success_url');
  const lineItems = readLineItems(core, p, mode);
  const subData = p.obj('subscription_data')?.allowOnly(['metadata', 'trial_period_days', 'description', 'trial_settings', 'billing_cycle_anchor', 'proration_behavior', 'billing_mode']);
  const discounts = readDiscounts(core, p);
  const allowPromotionCodes = p.bool('allow_promotion_codes') ?? null;
  if (discounts.length > 0 && allowPromotionCodes) {
    throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', 'discounts');
  }
  const now = core.now();
  const id = newId('cs_test');
  const currency = getPrice(core, lineItems[0].price).currency;
  // Payment mode knows its total up front (one-time prices); subscription mode's is set when the first invoice is.
  const upfront = mode === 'payment' ? lineItems.reduce((sum, li) => sum + priceAmount(getPrice(core, li.price), li.quantity), 0) : null;
  const session: Obj = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: allowPromotionCodes,
    amount_subtotal: upfront,
    amount_total: upfront,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: p.str('billing_address_collection') ?? null,
    cancel_url: p.str('cancel_url') ?? null,
    client_reference_id: p.str('client_reference_id') ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customerId ?? null,
    customer_account: null,
    customer_creation: customerId ? null : mode === 'payment' ? 'if_required' : 'always',
    customer_details: null,
    customer_email: customerEmail ?? null,
    discounts,
    expires_at: p.int('expires_at') ?? now + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: p.str('locale') ?? null,
    managed_payments: null,
    metadata: p.metadata() ?? {},
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === 'subscription' ? 'always' : null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details: mode === 'payment' ? { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } : null,
    ui_mode: 'hosted',
    url: `${core.baseUrl}/checkout/${id}`,
    wallet_options: null,
  };
  session._line_items = lineItems;
  session._subscription_data = {
    metadata: subData?.metadata() ?? {},
    trial_period_days: subData?.int('trial_period_days', 1, 730) ?? null,
    description: subData?.str('description') ?? null,
  };
  core.store.put('checkoutSessions', session);
  return session;
}

/** Public view: internal `_` fields stripped. */
export function publicSession(session: Obj): Obj {
  const { _line_items: _l, _subscription_data: _s, _async_payment: _a, ...rest } = session;
  return rest;
}

export function getSession(core: Core, id: string): Obj {
  const s = core.store.get('checkoutSessions', id);
  if (!s) throw noSuch('checkout.session', id);
  return s;
}

const customerDetails = (customer: Obj) => ({ address: null, business_name: null, email: customer.email, individual_name: null, name: customer.name, phone: null, tax_exempt: 'none', tax_ids: [] });

/**
 * Payment mode: the customer pays the one-time total. With a card (`asyncPayment` false) the session completes paid;
 * with a delayed method (a bank debit) it completes `unpaid` and the outcome follows later (settleAsyncPayment),
 * as `checkout.session.async_payment_succeeded` or `..._failed`. No subscription or invoice is made.
 */
function completePaymentSession(core: Core, session: Obj, email: string | undefined, asyncPayment: boolean): Obj {
  const existing = session.customer ? getCustomer(core, session.customer) : null;
  if (existing && !asyncPayment && customerFails(core, existing.id)) throw cardDeclined();
  const customer = existing ?? createCustomer(core, { email: email ?? session.customer_email ?? `customer+${randomBase62(6).toLowerCase()}@example.com` });
  const before = structuredClone(session);
  const total = session.amount_total as number;
  Object.assign(session, {
    status: 'complete',
    payment_status: total === 0 ? 'no_payment_required' : asyncPayment ? 'unpaid' : 'paid',
    customer: customer.id,
    payment_intent: total === 0 ? null : newId('pi'),
    customer_details: customerDetails(customer),
    url: null,
  });
  if (asyncPayment && total > 0) session._async_payment = 'processing';
  core.emit('checkout.session.completed', publicSession(session), diffPrevious(publicSession(before), publicSession(session)));
  return { id: session.id, status: session.status, payment_status: session.payment_status, customer: customer.id, payment_intent: session.payment_intent };
}

/** The delayed payment of a completed payment-mode session clears (or fails): the webhook Stripe sends for it. */
export function settleAsyncPayment(core: Core, session: Obj, succeed: boolean): Obj {
  if (session._async_payment !== 'processing') {
    throw invalidRequest('This Checkout Session has no delayed payment in progress.', undefined, 'checkout_session_no_async_payment');
  }
  delete session._async_payment;
  const before = structuredClone(session);
  if (succeed) session.payment_status = 'paid';
  core.emit(succeed ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', publicSession(session), diffPrevious(publicSession(before), publicSession(session)));
  return { id: session.id, payment_status: session.payment_status };
}

/** What a customer paying on the hosted page causes, with the webhooks in Stripe's order. */
export function completeSession(core: Core, session: Obj, email?: string, promotionCode?: string, asyncPayment = false): Obj {
  if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${session.status}.`, undefined, 'checkout_session_not_open');
  if (session.mode === 'payment') return completePaymentSession(core, session, email, asyncPayment);
  if (promotionCode && !session.allow_promotion_codes) {
    throw invalidRequest('This Checkout Session does not accept promotion codes.', 'promotion_code', 'promotion_codes_not_allowed');
  }
  const entered = promotionCode ? findRedeemableCode(core, promotionCode) : undefined;
  const chosen: Obj | undefined = entered ? { coupon: entered.promotion.coupon, promotion_code: entered.id } : (session.discounts as Obj[])[0];
  const existing = session.customer ? getCustomer(core, session.customer) : null;
  if (existing && customerFails(core, existing.id)) throw cardDeclined();
  const customer = existing ?? createCustomer(core, { email: email ?? session.customer_email ?? `customer+${randomBase62(6).toLowerCase()}@example.com` });
  const items = (session._line_items as Obj[]).map((li) => ({ price: getPrice(core, li.price), quantity: li.quantity ?? 1 }));
  const sub = buildSubscription(core, {
    customer,
    items,
    metadata: session._subscription_data.metadata,
    trialDays: session._subscription_data.trial_period_days,
    description: session._subscription_data.description,
  });
  if (chosen) {
    const promo = chosen.promotion_code ? getPromotionCode(core, chosen.promotion_code) : undefined;
    const coupon = getCoupon(core, chosen.coupon);
    assertRedeemable(core, coupon, promo, 'promotion_code');
    sub.discounts = [redeem(core, coupon, promo, { customer: customer.id, subscription: sub.id, checkoutSession: session.id }).id];
  }
  const invoice = createFirstInvoice(core, sub, customer);
  const draft = structuredClone(invoice);
  const before = structuredClone(session);
  const total = items.filter((i) => !isMetered(i.price)).reduce((s, i) => s + priceAmount(i.price, i.quantity), 0);
  Object.assign(session, {
    status: 'complete',
    payment_status: invoice.total > 0 ? 'paid' : 'no_payment_required',
    customer: customer.id,
    subscription: sub.id,
    amount_subtotal: total,
    amount_total: total - discounted(invoice),
    discounts: chosen ? [chosen] : [],
    total_details: { amount_discount: discounted(invoice), amount_shipping: 0, amount_tax: 0 },
    customer_details: customerDetails(customer),
    url: null,
  });
  core.emit('checkout.session.completed', publicSession(session), diffPrevious(publicSession(before), publicSession(session)));
  core.emit('customer.subscription.created', sub);
  core.emit('invoice.created', draft);
  finalizeAndCollect(core, invoice);
  return { id: session.id, status: session.status, customer: customer.id, subscription: sub.id, invoice: invoice.id };
}

const discounted = (invoice: Obj): number => (invoice.total_discount_amounts as Obj[]).reduce((s, d) => s + (d.amount as number), 0);

export function expireSession(core: Core, session: Obj): Obj {
  if (session.status !== 'open') throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
  session.status = 'expired';
  session.url = null;
  core.emit('checkout.session.expired', publicSession(session));
  return publicSession(session);
}

export function registerCheckout(router: Router): void {
  router.add('POST', '/v1/checkout/sessions', ({ core, params }) => publicSession(createSession(core, params)));
  router.add('GET', '/v1/checkout/sessions/:id', ({ core, path }) => publicSession(getSession(core, path.id)));
  router.add('POST', '/v1/checkout/sessions/:id/expire', ({ core, path }) => expireSession(core, getSession(core, path.id)));
  router.add('GET', '/v1/checkout/sessions/:id/line_items', ({ core, params, path }) => {
    const session = getSession(core, path.id);
    const data = (session._line_items as Obj[]).map((li) => {
      const price = getPrice(core, li.price);
      const amount = isMetered(price) ? 0 : priceAmount(price, li.quantity);
      return { id: li.id, object: 'item', adjustable_quantity: null, amount_discount: 0, amount_subtotal: amount, amount_tax: 0,
        amount_total: amount, currency: price.currency, description: core.store.get('products', price.product)?.name ?? null,
        metadata: {}, price, quantity: li.quantity };
    });
    return paginate(data, params, `/v1/checkout/sessions/${session.id}/line_items`);
  });
  router.add('GET', '/v1/checkout/sessions', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'customer', 'subscription', 'status', 'created']);
    const customer = params.str('customer');
    const subscription = params.str('subscription');
    const status = params.str('status');
    const items = core.store.list('checkoutSessions', (s) =>
      (!customer || s.customer === customer) && (!subscription || s.subscription === subscription) && (!status || s.status === status));
    return paginate(items.map(publicSession), params, '/v1/checkout/sessions');
  });
}

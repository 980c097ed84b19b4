import type { Core } from '../core';
import { diffPrevious } from '../core';
import { invalidParam, invalidRequest, noSuch } from '../errors';
import { LIST_PARAMS, paginate } from '../list';
import type { Router } from '../router';
import type { Obj } from '../store';
import { storePendingItems, markItemsInvoiced } from '../billing/invoice-items';
import { createInvoice, finalizeAndCollect } from '../billing/payments';
import { PRORATION_BEHAVIORS, planUpdate, readItemChanges, type ProrationBehavior } from '../billing/proration';
import { licensedLines, meteredLines, pendingItemLines, startItemPeriods, usagePeriod } from '../billing/subscription-model';
import { finalUsageInvoice } from '../billing/lifecycle';

export function getSubscription(core: Core, id: string, param = 'id'): Obj {
  const sub = core.store.get('subscriptions', id);
  if (!sub) throw noSuch('subscription', id, param);
  return sub;
}

const UPDATE = ['items', 'proration_behavior', 'proration_date', 'cancel_at_period_end', 'cancel_at', 'metadata', 'description',
  'payment_behavior', 'cancellation_details', 'expand', 'default_payment_method', 'off_session'] as const;

/** Item period ends: with mixed intervals `cancel_at_period_end` resolves to the EARLIEST (Stripe's documented rule). */
function itemEnds(sub: Obj): number[] {
  return (sub.items.data as Obj[]).map((i) => i.current_period_end as number);
}

function setCancelAtPeriodEnd(core: Core, sub: Obj, value: boolean): void {
  if (sub.cancel_at_period_end === value) return;
  sub.cancel_at_period_end = value;
  sub.cancel_at = value ? Math.min(...itemEnds(sub)) : null;
  sub.canceled_at = value ? core.now() : null;
  sub.cancellation_details = { comment: null, feedback: null, reason: value ? 'cancellation_requested' : null };
}

/** `cancel_at`: a timestamp, `min_period_end`/`max_period_end` (resolved now, across the items) or '' (no cancellation). */
function setCancelAt(core: Core, sub: Obj, value: string): void {
  let at: number | null;
  if (value === '') at = null;
  else if (value === 'max_period_end') at = Math.max(...itemEnds(sub));
  else if (value === 'min_period_end') at = Math.min(...itemEnds(sub));
  else if (/^\d+$/.test(value) && Number(value) > core.now()) at = Number(value);
  else throw invalidParam('cancel_at', 'Invalid cancel_at: must be a future timestamp, min_period_end, max_period_end or an empty string.');
  sub.cancel_at = at;
  sub.cancel_at_period_end = false;
  sub.canceled_at = at === null ? null : core.now();
  sub.cancellation_details = { comment: null, feedback: null, reason: at === null ? null : 'cancellation_requested' };
}

export function cancelNow(core: Core, sub: Obj, invoiceNow: boolean): Obj {
  if (sub.status === 'canceled') throw invalidRequest(`No such subscription: '${sub.id}'`, 'id', 'resource_missing');
  if (invoiceNow) finalUsageInvoice(core, sub, { start: usagePeriod(sub).start, end: core.now() });
  const before = structuredClone(sub);
  const now = core.now();
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancellation_details = { ...sub.cancellation_details, reason: sub.cancellation_details?.reason ?? 'cancellation_requested' };
  core.emit('customer.subscription.deleted', sub, diffPrevious(before, sub));
  return sub;
}

export function registerSubscriptions(router: Router): void {
  router.add('GET', '/v1/subscriptions/:id', ({ core, path }) => getSubscription(core, path.id));

  router.add('GET', '/v1/subscriptions', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'customer', 'status', 'price', 'created']);
    const customer = params.str('customer');
    const status = params.oneOf('status', ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid']);
    const price = params.str('price');
    const items = core.store.list('subscriptions', (s) =>
      (!customer || s.customer === customer) &&
      (status === 'all' || (status === undefined ? s.status !== 'canceled' : status === 'ended' ? s.status === 'canceled' : s.status === status)) &&
      (!price || (s.items.data as Obj[]).some((i) => i.price.id === price)));
    return paginate(items, params, '/v1/subscriptions');
  });

  router.add('POST', '/v1/subscriptions/:id', ({ core, params, path }) => {
    params.allowOnly(UPDATE);
    const sub = getSubscription(core, path.id);
    if (sub.status === 'canceled') {
      throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', undefined, 'resource_missing');
    }
    const behavior: ProrationBehavior = params.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
    const at = params.int('proration_date', 0) ?? core.now();
    const changes = readItemChanges(core, params.list('items'), sub);
    const before = structuredClone(sub);
    const plan = changes.length > 0 ? planUpdate(core, sub, changes, at, behavior) : null;
    if (plan) {
      sub.items.data = plan.items;
      sub.items.total_count = plan.items.length;
      if (plan.resetPeriod) {
        startItemPeriods(sub.items.data, plan.resetPeriod.start, plan.resetPeriod.start);
        sub.billing_cycle_anchor = plan.resetPeriod.start;
      }
    }
    const cancel = params.bool('cancel_at_period_end');
    if (cancel !== undefined) setCancelAtPeriodEnd(core, sub, cancel);
    if (params.has('cancel_at')) setCancelAt(core, sub, params.str('cancel_at')!);
    const metadata = params.metadata(sub.metadata);
    if (metadata) sub.metadata = metadata;
    const description = params.str('description');
    if (description !== undefined) sub.description = description || null;
    const prev = diffPrevious(before, sub);
    if (Object.keys(prev).length > 0) core.emit('customer.subscription.updated', sub, prev);
    if (!plan) return sub;
    const invoiceNow = plan.resetPeriod !== null || (behavior === 'always_invoice' && plan.prorations.length > 0);
    if (!invoiceNow) {
      storePendingItems(core, sub, plan.prorations);
      return sub;
    }
    const pending = pendingItemLines(core, sub);
    const lines = [...pending.lines, ...plan.prorations];
    if (plan.resetPeriod) lines.push(...meteredLines(core, sub, { start: usagePeriod(before).start, end: at }), ...licensedLines(core, sub, plan.resetPeriod, false));
    const customer = core.store.get('customers', sub.customer)!;
    const invoice = createInvoice(core, { customer, subscription: sub, billingReason: 'subscription_update', lines, periodStart: at, periodEnd: at, currency: sub.currency });
    markItemsInvoiced(pending.items, invoice.id);
    sub.latest_invoice = invoice.id;
    finalizeAndCollect(core, invoice);
    return sub;
  });

  router.add('DELETE', '/v1/subscriptions/:id', ({ core, params, path }) => {
    params.allowOnly(['invoice_now', 'prorate', 'cancellation_details', 'expand']);
    return cancelNow(core, getSubscription(core, path.id), params.bool('invoice_now') ?? false);
  });
}

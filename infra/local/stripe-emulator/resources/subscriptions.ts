import type { Core } from '../core';
import { diffPrevious } from '../core';
import { invalidRequest, noSuch } from '../errors';
import { LIST_PARAMS, paginate } from '../list';
import type { Router } from '../router';
import type { Obj } from '../store';
import { storePendingItems, markItemsInvoiced } from '../billing/invoice-items';
import { createInvoice, finalizeAndCollect } from '../billing/payments';
import { PRORATION_BEHAVIORS, planUpdate, readItemChanges, type ProrationBehavior } from '../billing/proration';
import { currentPeriod, licensedLines, meteredLines, pendingItemLines, setPeriod } from '../billing/subscription-model';
import { finalUsageInvoice } from '../billing/lifecycle';

export function getSubscription(core: Core, id: string, param = 'id'): Obj {
  const sub = core.store.get('subscriptions', id);
  if (!sub) throw noSuch('subscription', id, param);
  return sub;
}

const UPDATE = ['items', 'proration_behavior', 'proration_date', 'cancel_at_period_end', 'metadata', 'description',
  'payment_behavior', 'cancellation_details', 'expand', 'default_payment_method', 'off_session'] as const;

function setCancelAtPeriodEnd(core: Core, sub: Obj, value: boolean): void {
  if (sub.cancel_at_period_end === value) return;
  sub.cancel_at_period_end = value;
  sub.cancel_at = value ? currentPeriod(sub).end : null;
  sub.canceled_at = value ? core.now() : null;
  sub.cancellation_details = { comment: null, feedback: null, reason: value ? 'cancellation_requested' : null };
}

export function cancelNow(core: Core, sub: Obj, invoiceNow: boolean): Obj {
  if (sub.status === 'canceled') throw invalidRequest(`No such subscription: '${sub.id}'`, 'id', 'resource_missing');
  if (invoiceNow) finalUsageInvoice(core, sub, { start: currentPeriod(sub).start, end: core.now() });
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
        setPeriod(sub, plan.resetPeriod);
        sub.billing_cycle_anchor = plan.resetPeriod.start;
      }
    }
    const cancel = params.bool('cancel_at_period_end');
    if (cancel !== undefined) setCancelAtPeriodEnd(core, sub, cancel);
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
    if (plan.resetPeriod) lines.push(...meteredLines(core, sub, { start: currentPeriod(before).start, end: at }), ...licensedLines(core, sub, plan.resetPeriod, false));
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

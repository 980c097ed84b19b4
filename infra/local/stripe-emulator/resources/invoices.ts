import type { Core } from '../core';
import { cardDeclined, invalidRequest, missingParam, noSuch } from '../errors';
import { newId } from '../ids';
import { LIST_PARAMS, createdFilter, paginate } from '../list';
import type { Router } from '../router';
import type { Obj } from '../store';
import { buildInvoice, type LineSpec } from '../billing/invoicing';
import { markItemsInvoiced } from '../billing/invoice-items';
import { attemptPayment, createInvoice, finalizeAndCollect, markPaid, settleSubscription } from '../billing/payments';
import { periodEnd, subscriptionRecurring } from '../billing/periods';
import { PRORATION_BEHAVIORS, planUpdate, readItemChanges, type ProrationBehavior } from '../billing/proration';
import { currentPeriod, invoiceItemLine, licensedLines, meteredLines, pendingItemLines, usagePeriod } from '../billing/subscription-model';
import { getCustomer } from './customers';
import { getSubscription } from './subscriptions';

export function getInvoice(core: Core, id: string): Obj {
  const invoice = core.store.get('invoices', id);
  if (!invoice) throw noSuch('invoice', id);
  return invoice;
}

function requireOpen(invoice: Obj, action: string): void {
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid', undefined, 'invoice_already_paid');
  if (invoice.status !== 'open') throw invalidRequest(`You can only ${action} an invoice that is open. This invoice is ${invoice.status}.`, undefined, 'invoice_not_editable');
}

/** `POST /v1/invoices/create_preview`: what the next invoice would be, with a proposed subscription change. */
function preview(core: Core, params: import('../params').Params): Obj {
  params.allowOnly(['customer', 'subscription', 'subscription_details', 'expand', 'automatic_tax', 'currency', 'preview_mode']);
  const subId = params.str('subscription');
  const customerId = params.str('customer');
  if (!subId && !customerId) throw missingParam('customer');
  const sub = subId ? getSubscription(core, subId, 'subscription') : core.store.list('subscriptions', (s) => s.customer === customerId && s.status !== 'canceled')[0];
  if (!sub) throw invalidRequest('No upcoming invoices for customer: ' + customerId, 'customer', 'invoice_upcoming_none');
  const customer = getCustomer(core, sub.customer, 'customer');
  const details = params.obj('subscription_details');
  details?.allowOnly(['items', 'proration_behavior', 'proration_date', 'cancel_at_period_end', 'metadata', 'billing_cycle_anchor']);
  const behavior: ProrationBehavior = details?.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
  const at = details?.int('proration_date', 0) ?? core.now();
  const changes = readItemChanges(core, details?.list('items'), sub);
  const draft = structuredClone(sub);
  const plan = changes.length ? planUpdate(core, sub, changes, at, behavior) : null;
  if (plan) draft.items.data = plan.items;
  const pending = pendingItemLines(core, sub).lines;
  const old = currentPeriod(sub);
  let lines: LineSpec[];
  let reason = 'upcoming';
  let periodStart = old.start;
  let periodEndAt = old.end;
  if (plan?.resetPeriod) {
    lines = [...pending, ...plan.prorations, ...licensedLines(core, draft, plan.resetPeriod, false)];
    reason = 'subscription_update';
    periodStart = periodEndAt = at;
  } else if (plan && behavior === 'always_invoice') {
    lines = [...pending, ...plan.prorations];
    reason = 'subscription_update';
    periodStart = periodEndAt = at;
  } else if (usagePeriod(sub).end < old.end) {
    // Mixed intervals: the next invoice bills the metered items' period, which ends before the plan fee's.
    const usage = usagePeriod(sub);
    lines = [...pending, ...(plan?.prorations ?? []), ...meteredLines(core, draft, undefined, sub.status === 'trialing')];
    periodStart = usage.start;
    periodEndAt = usage.end;
  } else {
    const next = { start: old.end, end: periodEnd(old.end, subscriptionRecurring(draft), sub.billing_cycle_anchor) };
    lines = [...pending, ...(plan?.prorations ?? []), ...meteredLines(core, draft, undefined, sub.status === 'trialing'), ...licensedLines(core, draft, next, false)];
  }
  const invoice = buildInvoice(core, { customer, subscription: sub, billingReason: reason, lines, periodStart, periodEnd: periodEndAt, currency: sub.currency }, `upcoming_${newId('in')}`);
  if (plan) invoice.parent.subscription_details.subscription_proration_date = at;
  const credit = Math.min(0, customer.balance as number);
  invoice.amount_due = invoice.amount_remaining = Math.max(0, (invoice.total as number) + credit);
  invoice.next_payment_attempt = reason === 'upcoming' ? periodEndAt : at;
  return invoice;
}

/**
 * `POST /v1/invoices`: a draft for the customer. With `pending_invoice_items_behavior: include` it takes the customer's
 * pending invoice items that no live subscription will bill (items of a canceled subscription or of none).
 */
function createCustomerInvoice(core: Core, params: import('../params').Params): Obj {
  params.allowOnly(['customer', 'auto_advance', 'collection_method', 'currency', 'description', 'metadata', 'pending_invoice_items_behavior', 'expand']);
  const customer = getCustomer(core, params.reqStr('customer'), 'customer');
  params.oneOf('collection_method', ['charge_automatically']);
  const include = (params.oneOf('pending_invoice_items_behavior', ['include', 'exclude']) ?? 'exclude') === 'include';
  const items = include
    ? core.store.list('invoiceItems', (ii) => ii.customer === customer.id && ii.invoice === null && (ii.subscription === null || core.store.get('subscriptions', ii.subscription)?.status === 'canceled')).reverse()
    : [];
  const now = core.now();
  const periods = items.map((ii) => ii.period as { start: number; end: number });
  const invoice = createInvoice(core, {
    customer,
    subscription: null,
    billingReason: 'manual',
    lines: items.map((ii) => invoiceItemLine(core, ii)),
    periodStart: periods.length ? Math.min(...periods.map((p) => p.start)) : now,
    periodEnd: periods.length ? Math.max(...periods.map((p) => p.end)) : now,
    currency: params.str('currency') ?? items[0]?.currency ?? customer.currency ?? 'usd',
  });
  markItemsInvoiced(items, invoice.id);
  invoice.auto_advance = params.bool('auto_advance') ?? false;
  invoice.description = params.str('description') ?? null;
  invoice.metadata = params.metadata() ?? {};
  return invoice;
}

export function registerInvoices(router: Router): void {
  router.add('POST', '/v1/invoices/create_preview', ({ core, params }) => preview(core, params));
  router.add('POST', '/v1/invoices', ({ core, params }) => createCustomerInvoice(core, params));
  // Finalizing collects at once (Stripe attempts a charge_automatically invoice about an hour later; the emulator's
  // clock has no such wait, as its subscription invoices have none).
  router.add('POST', '/v1/invoices/:id/finalize', ({ core, params, path }) => {
    params.allowOnly(['auto_advance', 'expand']);
    const invoice = getInvoice(core, path.id);
    if (invoice.status !== 'draft') throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, undefined, 'invoice_not_editable');
    finalizeAndCollect(core, invoice);
    return invoice;
  });
  router.add('GET', '/v1/invoices/:id', ({ core, path }) => getInvoice(core, path.id));
  router.add('GET', '/v1/invoices/:id/lines', ({ core, params, path }) => paginate(getInvoice(core, path.id).lines.data, params, `/v1/invoices/${path.id}/lines`));
  router.add('GET', '/v1/invoices', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'customer', 'subscription', 'status', 'collection_method', 'created']);
    const customer = params.str('customer');
    const subscription = params.str('subscription');
    const status = params.oneOf('status', ['draft', 'open', 'paid', 'uncollectible', 'void']);
    const created = createdFilter(params);
    const items = core.store.list('invoices', (i) => created(i) &&
      (!customer || i.customer === customer) &&
      (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
      (!status || i.status === status));
    return paginate(items, params, '/v1/invoices');
  });
  router.add('POST', '/v1/invoices/:id/pay', ({ core, params, path }) => {
    params.allowOnly(['paid_out_of_band', 'payment_method', 'source', 'off_session', 'forgive', 'mandate', 'expand']);
    const invoice = getInvoice(core, path.id);
    requireOpen(invoice, 'pay');
    if (params.bool('paid_out_of_band')) {
      markPaid(core, invoice);
      settleSubscription(core, invoice, true);
      return invoice;
    }
    const paid = attemptPayment(core, invoice);
    settleSubscription(core, invoice, paid);
    if (!paid) {
      core.store.save();
      throw cardDeclined();
    }
    return invoice;
  });
  router.add('POST', '/v1/invoices/:id/void', ({ core, path }) => {
    const invoice = getInvoice(core, path.id);
    requireOpen(invoice, 'void');
    invoice.status = 'void';
    invoice.next_payment_attempt = null;
    invoice.status_transitions.voided_at = core.now();
    core.emit('invoice.voided', invoice);
    settleSubscription(core, invoice, true);
    return invoice;
  });
  router.add('POST', '/v1/invoices/:id/mark_uncollectible', ({ core, path }) => {
    const invoice = getInvoice(core, path.id);
    requireOpen(invoice, 'mark uncollectible');
    invoice.status = 'uncollectible';
    invoice.next_payment_attempt = null;
    invoice.status_transitions.marked_uncollectible_at = core.now();
    core.emit('invoice.marked_uncollectible', invoice);
    return invoice;
  });
}

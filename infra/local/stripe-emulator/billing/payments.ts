import type { Core } from '../core';
import { diffPrevious } from '../core';
import { newId } from '../ids';
import type { Obj } from '../store';
import { consumeOnceDiscounts } from './discounts';
import { applyBalance, buildInvoice, type InvoiceSpec } from './invoicing';

const DAY = 86400;
/** Automatic retries after a failed charge (days after the previous attempt); then the subscription goes `unpaid`. */
const RETRY_AFTER_DAYS = [3, 2, 2];

/**
 * Creates and stores a draft invoice and (unless `announce` is false, when the caller emits it in its own
 * order) emits `invoice.created`. Pending invoice items are not touched here.
 */
export function createInvoice(core: Core, spec: InvoiceSpec, announce = true): Obj {
  const id = newId('in');
  const invoice = buildInvoice(core, spec, id);
  consumeOnceDiscounts(core, invoice, spec.subscription);
  core.store.put('invoices', invoice);
  if (announce) core.emit('invoice.created', invoice);
  return invoice;
}

export function finalizeInvoice(core: Core, invoice: Obj): void {
  const customer = core.store.get('customers', invoice.customer)!;
  const seq = customer.next_invoice_sequence as number;
  customer.next_invoice_sequence = seq + 1;
  invoice.number = `${customer.invoice_prefix}-${String(seq).padStart(4, '0')}`;
  applyBalance(invoice, customer);
  invoice.status = 'open';
  invoice.effective_at = core.now();
  invoice.status_transitions.finalized_at = core.now();
  invoice.hosted_invoice_url = `${core.baseUrl}/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${core.baseUrl}/invoices/${invoice.id}/pdf`;
  core.emit('invoice.finalized', invoice);
}

export function customerFails(core: Core, customerId: string): boolean {
  return core.store.state.failingCustomers[customerId] === true;
}

export function markPaid(core: Core, invoice: Obj): void {
  const now = core.now();
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.status = 'paid';
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  core.emit('invoice.paid', invoice);
  core.emit('invoice.payment_succeeded', invoice);
}

/**
 * Tries to collect an open invoice. A zero amount is paid without a charge. On failure: attempt_count++,
 * `invoice.payment_failed`, and the next automatic retry is scheduled (none after the last one).
 */
export function attemptPayment(core: Core, invoice: Obj): boolean {
  if (invoice.amount_due === 0 || !customerFails(core, invoice.customer)) {
    if (invoice.amount_due > 0) invoice.attempt_count += 1;
    markPaid(core, invoice);
    return true;
  }
  invoice.attempt_count += 1;
  invoice.attempted = true;
  const delay = RETRY_AFTER_DAYS[invoice.attempt_count - 1];
  invoice.next_payment_attempt = delay === undefined ? null : core.now() + delay * DAY;
  core.emit('invoice.payment_failed', invoice);
  return false;
}

/** Subscription status follows its invoices: paid -> active, failed -> past_due, retries exhausted -> unpaid. */
export function settleSubscription(core: Core, invoice: Obj, paid: boolean): void {
  const subId = invoice.parent?.subscription_details?.subscription as string | undefined;
  const sub = subId ? core.store.get('subscriptions', subId) : undefined;
  if (!sub || sub.status === 'canceled') return;
  const before = structuredClone(sub);
  if (paid) {
    const stillOpen = core.store.list('invoices', (i) => i.status === 'open' && i.parent?.subscription_details?.subscription === sub.id);
    if (stillOpen.length === 0 && ['past_due', 'unpaid', 'incomplete'].includes(sub.status)) sub.status = 'active';
  } else {
    sub.status = invoice.next_payment_attempt === null ? 'unpaid' : 'past_due';
  }
  const prev = diffPrevious(before, sub);
  if (Object.keys(prev).length > 0) core.emit('customer.subscription.updated', sub, prev);
}

/** finalize + collect + settle: the path every automatic subscription invoice takes. */
export function finalizeAndCollect(core: Core, invoice: Obj): boolean {
  finalizeInvoice(core, invoice);
  const paid = attemptPayment(core, invoice);
  settleSubscription(core, invoice, paid);
  return paid;
}

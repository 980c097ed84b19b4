import type { Core } from '../core';
import { diffPrevious } from '../core';
import type { Obj } from '../store';
import { markItemsInvoiced } from './invoice-items';
import { attemptPayment, createInvoice, finalizeAndCollect, settleSubscription } from './payments';
import { currentPeriod, isMetered, itemPeriod, licensedLines, meteredLines, pendingItemLines, startItemPeriods, usagePeriod } from './subscription-model';

const DAY = 86400;
const LIVE = ['active', 'trialing', 'past_due', 'unpaid'];

/** Bills un-invoiced usage and pending items when a subscription ends (nothing is created if both are empty). */
export function finalUsageInvoice(core: Core, sub: Obj, usagePeriod: { start: number; end: number }): void {
  const pending = pendingItemLines(core, sub);
  const usage = meteredLines(core, sub, usagePeriod, sub.status === 'trialing').filter((l) => l.quantity > 0);
  if (pending.lines.length === 0 && usage.length === 0) return;
  const customer = core.store.get('customers', sub.customer)!;
  const invoice = createInvoice(core, { customer, subscription: sub, billingReason: 'subscription_cycle', lines: [...pending.lines, ...usage], periodStart: usagePeriod.start, periodEnd: usagePeriod.end, currency: sub.currency });
  markItemsInvoiced(pending.items, invoice.id);
  sub.latest_invoice = invoice.id;
  finalizeAndCollect(core, invoice);
}

/** Ends the subscription at `at` (a scheduled cancellation), billing its unbilled usage and pending items first. */
function endScheduled(core: Core, sub: Obj, at: number): void {
  finalUsageInvoice(core, sub, { start: usagePeriod(sub).start, end: at });
  const before = structuredClone(sub);
  sub.status = 'canceled';
  sub.ended_at = at;
  sub.canceled_at = sub.canceled_at ?? at;
  core.emit('customer.subscription.deleted', sub, diffPrevious(before, sub));
}

/**
 * Period end: cancel if scheduled, else start the next period and invoice it (seats ahead, usage behind). Each item
 * starts its own next period (a yearly fee's next year, monthly usage's next month). A trial's usage is not charged.
 */
function renew(core: Core, sub: Obj): void {
  const old = currentPeriod(sub);
  if (sub.cancel_at_period_end || (sub.cancel_at && sub.cancel_at <= old.end)) {
    endScheduled(core, sub, old.end);
    return;
  }
  const before = structuredClone(sub);
  const endingTrial = sub.status === 'trialing';
  const usage = meteredLines(core, sub, undefined, endingTrial);
  startItemPeriods(sub.items.data, old.end, sub.billing_cycle_anchor);
  const next = currentPeriod(sub);
  if (endingTrial) sub.status = 'active';
  const pending = pendingItemLines(core, sub);
  const lines = [...pending.lines, ...usage, ...licensedLines(core, sub, next, false)];
  const customer = core.store.get('customers', sub.customer)!;
  // Stripe announces the new period before the invoice that bills it.
  const invoice = createInvoice(core, { customer, subscription: sub, billingReason: 'subscription_cycle', lines, periodStart: old.start, periodEnd: old.end, currency: sub.currency }, false);
  const draft = structuredClone(invoice);
  sub.latest_invoice = invoice.id;
  markItemsInvoiced(pending.items, invoice.id);
  core.emit('customer.subscription.updated', sub, diffPrevious(before, sub));
  core.emit('invoice.created', draft);
  finalizeAndCollect(core, invoice);
}

/**
 * A metered item's period ended before the subscription's own (mixed intervals: monthly usage on a yearly fee): its
 * usage is invoiced on its own (with the pending items) and it starts its next period.
 */
function usageCycle(core: Core, sub: Obj, at: number): void {
  const due = (sub.items.data as Obj[]).filter((i) => isMetered(i.price) && i.current_period_end <= at);
  if (sub.cancel_at && sub.cancel_at <= at) {
    endScheduled(core, sub, sub.cancel_at);
    return;
  }
  const before = structuredClone(sub);
  const period = itemPeriod(due[0]);
  const usage = meteredLines(core, { ...sub, items: { ...sub.items, data: due } });
  startItemPeriods(due, period.end, sub.billing_cycle_anchor);
  const pending = pendingItemLines(core, sub);
  const customer = core.store.get('customers', sub.customer)!;
  const invoice = createInvoice(core, { customer, subscription: sub, billingReason: 'subscription_cycle', lines: [...pending.lines, ...usage], periodStart: period.start, periodEnd: period.end, currency: sub.currency }, false);
  const draft = structuredClone(invoice);
  sub.latest_invoice = invoice.id;
  markItemsInvoiced(pending.items, invoice.id);
  core.emit('customer.subscription.updated', sub, diffPrevious(before, sub));
  core.emit('invoice.created', draft);
  finalizeAndCollect(core, invoice);
}

function trialWillEndAt(sub: Obj): number {
  return Math.max(sub.trial_start ?? 0, sub.trial_end - 3 * DAY);
}

interface Task {
  at: number;
  run: () => void;
}

function nextTask(core: Core, until: number): Task | null {
  const tasks: Task[] = [];
  const flags = core.store.state.subscriptionFlags;
  for (const sub of core.store.list('subscriptions', (s) => LIVE.includes(s.status)).reverse()) {
    const end = currentPeriod(sub).end;
    if (end <= until) tasks.push({ at: end, run: () => renew(core, sub) });
    const usageEnd = usagePeriod(sub).end;
    if (usageEnd < end && usageEnd <= until) tasks.push({ at: usageEnd, run: () => usageCycle(core, sub, usageEnd) });
    if (sub.cancel_at && sub.cancel_at < Math.min(end, usageEnd) && sub.cancel_at <= until) {
      tasks.push({ at: sub.cancel_at, run: () => endScheduled(core, sub, sub.cancel_at) });
    }
    if (sub.status === 'trialing' && !flags[sub.id]?.trialWillEndSent && trialWillEndAt(sub) <= until) {
      tasks.push({ at: trialWillEndAt(sub), run: () => {
        flags[sub.id] = { ...flags[sub.id], trialWillEndSent: true };
        core.emit('customer.subscription.trial_will_end', sub);
      } });
    }
  }
  for (const inv of core.store.list('invoices', (i) => i.status === 'open' && i.next_payment_attempt !== null).reverse()) {
    if (inv.next_payment_attempt <= until) {
      tasks.push({ at: inv.next_payment_attempt, run: () => settleSubscription(core, inv, attemptPayment(core, inv)) });
    }
  }
  for (const s of core.store.list('checkoutSessions', (cs) => cs.status === 'open' && cs.expires_at <= until).reverse()) {
    tasks.push({ at: s.expires_at, run: () => {
      s.status = 'expired';
      s.url = null;
      const { _line_items: _l, _subscription_data: _d, ...pub } = s;
      core.emit('checkout.session.expired', pub);
    } });
  }
  tasks.sort((a, b) => a.at - b.at);
  return tasks[0] ?? null;
}

/** Moves emulator time to `until`, running everything that falls due, in time order. */
export function advanceClock(core: Core, until: number): void {
  for (let guard = 0; guard < 100000; guard++) {
    const task = nextTask(core, until);
    if (!task) break;
    core.advanceTo(task.at);
    task.run();
  }
  core.advanceTo(until);
}

/** Trial start also counts: a trial shorter than 3 days announces its end immediately. */
export function announceShortTrial(core: Core, sub: Obj): void {
  if (sub.status === 'trialing' && trialWillEndAt(sub) <= core.now()) {
    core.store.state.subscriptionFlags[sub.id] = { trialWillEndSent: true };
    core.emit('customer.subscription.trial_will_end', sub);
  }
}

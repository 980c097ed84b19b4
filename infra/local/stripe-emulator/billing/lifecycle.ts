import type { Core } from '../core';
import { diffPrevious } from '../core';
import type { Obj } from '../store';
import { markItemsInvoiced } from './invoice-items';
import { attemptPayment, createInvoice, finalizeAndCollect, settleSubscription } from './payments';
import { periodEnd, subscriptionRecurring } from './periods';
import { currentPeriod, licensedLines, meteredLines, pendingItemLines, setPeriod } from './subscription-model';

const DAY = 86400;
const LIVE = ['active', 'trialing', 'past_due', 'unpaid'];

/** Bills un-invoiced usage and pending items when a subscription ends (nothing is created if both are empty). */
export function finalUsageInvoice(core: Core, sub: Obj, usagePeriod: { start: number; end: number }): void {
  const pending = pendingItemLines(core, sub);
  const usage = meteredLines(core, sub, usagePeriod).filter((l) => l.quantity > 0);
  if (pending.lines.length === 0 && usage.length === 0) return;
  const customer = core.store.get('customers', sub.customer)!;
  const invoice = createInvoice(core, { customer, subscription: sub, billingReason: 'subscription_cycle', lines: [...pending.lines, ...usage], periodStart: usagePeriod.start, periodEnd: usagePeriod.end, currency: sub.currency });
  markItemsInvoiced(pending.items, invoice.id);
  sub.latest_invoice = invoice.id;
  finalizeAndCollect(core, invoice);
}

/** Period end: cancel if scheduled, else start the next period and invoice it (seats ahead, usage behind). */
function renew(core: Core, sub: Obj): void {
  const old = currentPeriod(sub);
  if (sub.cancel_at_period_end || (sub.cancel_at && sub.cancel_at <= old.end)) {
    finalUsageInvoice(core, sub, old);
    const before = structuredClone(sub);
    sub.status = 'canceled';
    sub.ended_at = old.end;
    sub.canceled_at = sub.canceled_at ?? old.end;
    core.emit('customer.subscription.deleted', sub, diffPrevious(before, sub));
    return;
  }
  const before = structuredClone(sub);
  const next = { start: old.end, end: periodEnd(old.end, subscriptionRecurring(sub), sub.billing_cycle_anchor) };
  setPeriod(sub, next);
  const endingTrial = sub.status === 'trialing';
  if (endingTrial) sub.status = 'active';
  const pending = pendingItemLines(core, sub);
  const lines = [...pending.lines, ...meteredLines(core, sub, old), ...licensedLines(core, sub, next, false)];
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

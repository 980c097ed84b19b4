import type { Core } from '../core';
import { newId } from '../ids';
import type { Obj } from '../store';
import { consumeOnceDiscounts } from './discounts';
import { buildInvoice } from './invoicing';
import { periodEnd } from './periods';
import { buildItem, currentPeriod, licensedLines, meteredLines } from './subscription-model';

const DAY = 86400;

export interface NewSubscription {
  customer: Obj;
  items: Array<{ price: Obj; quantity: number }>;
  metadata: Record<string, string>;
  trialDays: number | null;
  description: string | null;
  /** Discount ids (`di_...`) the subscription starts with (a coupon or promotion code redeemed at checkout). */
  discounts?: string[];
}

/** Creates an active/trialing subscription with its first (draft) invoice; the caller finalizes and emits. */
export function buildSubscription(core: Core, spec: NewSubscription): Obj {
  const now = core.now();
  const id = newId('sub');
  const trialEnd = spec.trialDays ? now + spec.trialDays * DAY : null;
  const licensed = spec.items.find((i) => i.price.recurring.usage_type !== 'metered') ?? spec.items[0];
  const end = trialEnd ?? periodEnd(now, licensed.price.recurring, now);
  const sub: Obj = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: end === trialEnd ? trialEnd : now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: licensed.price.currency,
    customer: spec.customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description,
    discounts: [...(spec.discounts ?? [])],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [] as Obj[], has_more: false, total_count: spec.items.length, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: { ...spec.metadata },
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? 'trialing' : 'active',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
  // Flexible billing mode (the default for new subscriptions at the pinned API version): each item runs its own
  // interval from the anchor (mixed intervals), all of them ending together at a trial's end.
  sub.items.data = spec.items.map((i) => buildItem(core, id, i.price, i.quantity, { start: now, end: trialEnd ?? periodEnd(now, i.price.recurring, now) }));
  core.store.put('subscriptions', sub);
  return sub;
}

/**
 * The `subscription_create` invoice (stored as a draft, NOT yet announced): seats for the first period
 * (0 in trial) and $0 usage lines. The caller emits `invoice.created` in Stripe's order.
 */
export function createFirstInvoice(core: Core, sub: Obj, customer: Obj): Obj {
  const period = currentPeriod(sub);
  const now = core.now();
  const lines = [
    ...licensedLines(core, sub, period, sub.status === 'trialing'),
    ...meteredLines(core, sub, { start: now, end: now }).map((l) => ({ ...l, period })),
  ];
  const invoice = buildInvoice(core, {
    customer,
    subscription: sub,
    billingReason: 'subscription_create',
    lines,
    periodStart: now,
    periodEnd: now,
    currency: sub.currency,
  }, newId('in'));
  consumeOnceDiscounts(core, invoice, sub);
  core.store.put('invoices', invoice);
  sub.latest_invoice = invoice.id;
  return invoice;
}

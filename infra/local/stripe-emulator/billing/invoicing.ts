import type { Core } from '../core';
import { newId } from '../ids';
import type { Obj } from '../store';
import { formatMoney, unitDecimal } from './amounts';
import { applyDiscounts } from './discounts';

/** A line to put on an invoice (subscription item usage/seat, proration or pending invoice item). */
export interface LineSpec {
  amount: number;
  description: string;
  quantity: number;
  price: Obj;
  period: { start: number; end: number };
  subscription: string | null;
  subscriptionItem: string | null;
  proration: boolean;
  invoiceItem?: string | null;
}

export function describeSeat(core: Core, price: Obj, quantity: number): string {
  const product = core.store.get('products', price.product)?.name ?? price.product;
  const per = price.recurring ? ` / ${price.recurring.interval}` : '';
  const at = price.billing_scheme === 'tiered' ? '' : ` (at ${formatMoney(Number(unitDecimal(price)), price.currency)}${per})`;
  return `${quantity} × ${product}${at}`;
}

export function renderLine(spec: LineSpec, invoiceId: string | null): Obj {
  return {
    id: newId('il_test'),
    object: 'line_item',
    amount: spec.amount,
    currency: spec.price.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: !spec.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: spec.invoiceItem && !spec.subscriptionItem ? {
      invoice_item_details: { invoice_item: spec.invoiceItem, proration: spec.proration, proration_details: { credited_items: null }, subscription: spec.subscription },
      subscription_item_details: null,
      type: 'invoice_item_details',
    } : {
      invoice_item_details: null,
      subscription_item_details: spec.subscriptionItem
        ? {
            invoice_item: spec.invoiceItem ?? null,
            proration: spec.proration,
            proration_details: { credited_items: null },
            subscription: spec.subscription,
            subscription_item: spec.subscriptionItem,
          }
        : null,
      type: 'subscription_item_details',
    },
    period: { ...spec.period },
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: spec.price.id, product: spec.price.product },
      type: 'price_details',
      unit_amount_decimal: unitDecimal(spec.price),
    },
    quantity: spec.quantity,
    quantity_decimal: String(spec.quantity),
    subscription: spec.subscription,
    subtotal: spec.amount,
    taxes: [],
  };
}

export interface InvoiceSpec {
  customer: Obj;
  subscription: Obj | null;
  billingReason: string;
  lines: LineSpec[];
  periodStart: number;
  periodEnd: number;
  currency: string;
}

/** Builds an invoice object (not stored), with the subscription's discounts applied. Used for real invoices and for previews. */
export function buildInvoice(core: Core, spec: InvoiceSpec, id: string | null): Obj {
  const invoice = buildUndiscounted(core, spec, id);
  applyDiscounts(core, invoice, spec.subscription);
  return invoice;
}

function buildUndiscounted(core: Core, spec: InvoiceSpec, id: string | null): Obj {
  const now = core.now();
  const lines = spec.lines.map((l) => renderLine(l, id));
  const total = lines.reduce((s, l) => s + (l.amount as number), 0);
  const sub = spec.subscription;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Argus (Stripe emulator)',
    account_tax_ids: null,
    amount_due: Math.max(0, total),
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: Math.max(0, total),
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: spec.billingReason,
    collection_method: 'charge_automatically',
    created: now,
    currency: spec.currency,
    custom_fields: null,
    customer: spec.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: spec.customer.email,
    customer_name: spec.customer.name,
    customer_phone: spec.customer.phone,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? {
          quote_details: null,
          subscription_details: { metadata: structuredClone(sub.metadata), subscription: sub.id },
          type: 'subscription_details',
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: spec.periodEnd,
    period_start: spec.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: spec.customer.balance ?? 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

/** Applies the customer's credit balance (negative `balance`) to the invoice total, like Stripe. */
export function applyBalance(invoice: Obj, customer: Obj): void {
  const total = invoice.total as number;
  const balance = customer.balance as number;
  invoice.starting_balance = balance;
  let due = total;
  let newBalance = balance;
  if (total < 0) {
    due = 0;
    newBalance = balance + total;
  } else if (balance !== 0) {
    due = Math.max(0, total + balance);
    newBalance = Math.min(0, balance + total);
  }
  invoice.amount_due = due;
  invoice.amount_remaining = due;
  invoice.ending_balance = newBalance;
  customer.balance = newBalance;
}

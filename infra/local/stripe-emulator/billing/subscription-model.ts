import type { Core } from '../core';
import { newId } from '../ids';
import type { Obj } from '../store';
import { meterUsage } from '../resources/meters';
import { priceAmount } from './amounts';
import { describeSeat, type LineSpec } from './invoicing';
import { periodEnd } from './periods';

/** Stripe's legacy `plan` view of a recurring price (still present on subscription items). */
export function planOf(price: Obj): Obj {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring.interval,
    interval_count: price.recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: price.recurring.meter,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity,
    trial_period_days: price.recurring.trial_period_days,
    usage_type: price.recurring.usage_type,
  };
}

export const isMetered = (price: Obj): boolean => price.recurring?.usage_type === 'metered';

export function buildItem(core: Core, subId: string, price: Obj, quantity: number, period: { start: number; end: number }): Obj {
  const item: Obj = {
    id: newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: core.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price: structuredClone(price),
    subscription: subId,
    tax_rates: [],
  };
  if (!isMetered(price)) item.quantity = quantity;
  return item;
}

export function setItemPrice(item: Obj, price: Obj, quantity: number | undefined): void {
  item.price = structuredClone(price);
  item.plan = planOf(price);
  if (isMetered(price)) delete item.quantity;
  else item.quantity = quantity ?? item.quantity ?? 1;
}

/** The item whose price drives the subscription's own period: its first licensed item, else the first. */
export function mainItem(sub: Obj): Obj {
  const items = sub.items.data as Obj[];
  return items.find((i) => !isMetered(i.price)) ?? items[0];
}

export function itemPeriod(item: Obj): { start: number; end: number } {
  return { start: item.current_period_start, end: item.current_period_end };
}

/**
 * The subscription's period: its main (licensed) item's. In flexible billing mode items may bill on other intervals
 * (a yearly plan fee with monthly metered usage: Stripe's mixed-interval subscriptions); each item keeps its own period.
 */
export function currentPeriod(sub: Obj): { start: number; end: number } {
  return itemPeriod(mainItem(sub));
}

/** Starts every item's next period at `start`: each runs one of its own price's intervals from there (anchor kept). */
export function startItemPeriods(items: Obj[], start: number, anchor: number, trialEnd: number | null = null): void {
  for (const item of items) {
    item.current_period_start = start;
    item.current_period_end = trialEnd ?? periodEnd(start, item.price.recurring, anchor);
  }
}

/** The period a new item joins: that of an item billing on the same interval, else one interval of its own from `at`. */
export function periodForNewItem(sub: Obj, items: Obj[], price: Obj, at: number): { start: number; end: number } {
  const same = items.find((i) => i.price.recurring.interval === price.recurring.interval && i.price.recurring.interval_count === price.recurring.interval_count);
  if (same) return itemPeriod(same);
  if (sub.status === 'trialing') return currentPeriod(sub);
  return { start: at, end: periodEnd(at, price.recurring, sub.billing_cycle_anchor) };
}

/** The metered items' usage period (they share one), or the main period when there are none. */
export function usagePeriod(sub: Obj): { start: number; end: number } {
  const metered = (sub.items.data as Obj[]).find((i) => isMetered(i.price));
  return metered ? itemPeriod(metered) : currentPeriod(sub);
}

/** Seat lines for `period` (amount 0 while trialing) — billed in advance. */
export function licensedLines(core: Core, sub: Obj, period: { start: number; end: number }, trial: boolean): LineSpec[] {
  return (sub.items.data as Obj[]).filter((i) => !isMetered(i.price)).map((item) => {
    const product = core.store.get('products', item.price.product)?.name ?? item.price.product;
    return {
      amount: trial ? 0 : priceAmount(item.price, item.quantity),
      description: trial ? `Trial period for ${product}` : describeSeat(core, item.price, item.quantity),
      quantity: item.quantity,
      price: item.price,
      period,
      subscription: sub.id,
      subscriptionItem: item.id,
      proration: false,
    };
  });
}

/**
 * Usage lines for `period` (default: each item's own current period) — metered prices are billed in arrears from the
 * meter's aggregated events. Usage during a free trial is not charged (`trial`: the lines say so, at 0).
 */
export function meteredLines(core: Core, sub: Obj, period?: { start: number; end: number }, trial = false): LineSpec[] {
  return (sub.items.data as Obj[]).filter((i) => isMetered(i.price)).map((item) => {
    const own = period ?? itemPeriod(item);
    const meter = core.store.get('meters', item.price.recurring.meter);
    const usage = meter ? meterUsage(core, meter, sub.customer, own.start, own.end) : 0;
    return {
      amount: trial ? 0 : priceAmount(item.price, usage),
      description: trial ? `Trial usage of ${describeSeat(core, item.price, usage)}` : describeSeat(core, item.price, usage),
      quantity: usage,
      price: item.price,
      period: own,
      subscription: sub.id,
      subscriptionItem: item.id,
      proration: false,
    };
  });
}

/** Pending proration items for the subscription, as invoice lines. */
export function pendingItemLines(core: Core, sub: Obj): { lines: LineSpec[]; items: Obj[] } {
  const items = core.store.list('invoiceItems', (ii) => ii.subscription === sub.id && ii.invoice === null).reverse();
  const lines = items.map((ii) => invoiceItemLine(core, ii));
  return { lines, items };
}

/** An invoice item as an invoice line; an item priced inline (`amount`, `unit_amount_decimal`) names no price object. */
export function invoiceItemLine(core: Core, ii: Obj): LineSpec {
  const details = ii.pricing.price_details as { price: string; product: string } | null;
  const price = details
    ? (core.store.get('prices', details.price) ?? { id: details.price, product: details.product, currency: ii.currency })
    : { id: null, product: null, currency: ii.currency, unit_amount_decimal: ii.pricing.unit_amount_decimal };
  return {
    amount: ii.amount,
    description: ii.description,
    quantity: ii.quantity,
    price,
    period: ii.period,
    subscription: ii.subscription,
    subscriptionItem: ii.subscription_item,
    proration: ii.proration,
    invoiceItem: ii.id,
  };
}

import type { Core } from '../core';
import { invalidParam, noSuch } from '../errors';
import type { Params } from '../params';
import type { Obj } from '../store';
import { getPrice } from '../resources/prices';
import { priceAmount } from './amounts';
import type { LineSpec } from './invoicing';
import { periodEnd, formatDate, subscriptionRecurring } from './periods';
import { buildItem, currentPeriod, isMetered, periodForNewItem, setItemPrice } from './subscription-model';

export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';
export const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'] as const;

export interface ItemChange {
  itemId?: string;
  price?: Obj;
  quantity?: number;
  deleted: boolean;
}

export function readItemChanges(core: Core, list: Params[] | undefined, sub: Obj): ItemChange[] {
  return (list ?? []).map((p, i) => {
    p.allowOnly(['id', 'price', 'quantity', 'deleted', 'metadata', 'clear_usage', 'discounts', 'tax_rates']);
    const itemId = p.str('id');
    if (itemId && !(sub.items.data as Obj[]).some((it) => it.id === itemId)) {
      throw noSuch('subscription_item', itemId, `items[${i}][id]`);
    }
    const priceId = p.str('price');
    const price = priceId ? getPrice(core, priceId, `items[${i}][price]`) : undefined;
    if (price && !price.recurring) throw invalidParam(`items[${i}][price]`, 'The price specified is not a recurring price.');
    if (!itemId && !price) throw invalidParam(`items[${i}]`, 'You must specify an id or a price for each item.');
    return { itemId, price, quantity: p.int('quantity', 0), deleted: p.bool('deleted') ?? false };
  });
}

export interface PlannedUpdate {
  items: Obj[];
  prorations: LineSpec[];
  /** Set when the billing interval changed: a new period starts now and is invoiced immediately. */
  resetPeriod: { start: number; end: number } | null;
}

function productName(core: Core, price: Obj): string {
  return core.store.get('products', price.product)?.name ?? price.product;
}

function prorationLine(core: Core, sub: Obj, item: Obj, price: Obj, qty: number, sign: 1 | -1, fraction: number, at: number, end: number): LineSpec {
  const full = priceAmount(price, qty);
  const name = qty === 1 ? productName(core, price) : `${qty} × ${productName(core, price)}`;
  return {
    amount: sign * Math.round(full * fraction),
    description: `${sign < 0 ? 'Unused' : 'Remaining'} time on ${name} after ${formatDate(at)}`,
    quantity: qty,
    price,
    period: { start: at, end },
    subscription: sub.id,
    subscriptionItem: item.id,
    proration: true,
  };
}

/**
 * Plans an item change at time `at`: the new item list plus proration lines computed from the remaining
 * fraction of the period (credit for unused time on the old price, charge for the remaining time on the new).
 */
export function planUpdate(core: Core, sub: Obj, changes: ItemChange[], at: number, behavior: ProrationBehavior): PlannedUpdate {
  const period = currentPeriod(sub);
  const items = structuredClone(sub.items.data) as Obj[];
  const oldRecurring = subscriptionRecurring(sub);
  const fraction = Math.min(1, Math.max(0, (period.end - at) / (period.end - period.start)));
  const prorate = behavior !== 'none' && sub.status !== 'trialing' && fraction > 0;
  const credits: LineSpec[] = [];
  const charges: LineSpec[] = [];
  for (const change of changes) {
    const existing = change.itemId ? items.find((i) => i.id === change.itemId) : undefined;
    if (existing && !isMetered(existing.price) && (change.deleted || change.price || change.quantity !== undefined)) {
      credits.push(prorationLine(core, sub, existing, existing.price, existing.quantity, -1, fraction, at, period.end));
    }
    if (existing && change.deleted) {
      items.splice(items.indexOf(existing), 1);
      continue;
    }
    const target = existing ?? buildItem(core, sub.id, change.price!, change.quantity ?? 1, periodForNewItem(sub, items, change.price!, at));
    if (existing) setItemPrice(existing, change.price ?? existing.price, change.quantity);
    else items.push(target);
    if (!isMetered(target.price)) {
      charges.push(prorationLine(core, sub, target, target.price, target.quantity, 1, fraction, at, period.end));
    }
  }
  const draft = { ...sub, items: { ...sub.items, data: items } };
  const newRecurring = subscriptionRecurring(draft);
  const intervalChanged = newRecurring.interval !== oldRecurring.interval || newRecurring.interval_count !== oldRecurring.interval_count;
  if (intervalChanged && sub.status !== 'trialing') {
    const reset = { start: at, end: periodEnd(at, newRecurring, at) };
    return { items, prorations: behavior === 'none' ? [] : credits, resetPeriod: reset };
  }
  return { items, prorations: prorate ? [...credits, ...charges] : [], resetPeriod: null };
}

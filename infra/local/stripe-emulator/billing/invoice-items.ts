import type { Core } from '../core';
import { newId } from '../ids';
import type { Obj } from '../store';
import type { LineSpec } from './invoicing';

/** Stores proration lines as pending invoice items (billed on the next subscription invoice). */
export function storePendingItems(core: Core, sub: Obj, lines: LineSpec[]): void {
  for (const line of lines) {
    const item: Obj = {
      id: newId('ii'),
      object: 'invoiceitem',
      amount: line.amount,
      currency: line.price.currency,
      customer: sub.customer,
      date: core.now(),
      description: line.description,
      discountable: false,
      discounts: [],
      invoice: null,
      livemode: false,
      metadata: {},
      parent: { subscription_details: { subscription: sub.id, subscription_item: line.subscriptionItem }, type: 'subscription_details' },
      period: line.period,
      pricing: { price_details: { price: line.price.id, product: line.price.product }, type: 'price_details', unit_amount_decimal: line.price.unit_amount_decimal },
      proration: line.proration,
      quantity: line.quantity,
      subscription: sub.id,
      subscription_item: line.subscriptionItem,
    };
    core.store.put('invoiceItems', item);
    core.emit('invoiceitem.created', item);
  }
}

export function markItemsInvoiced(items: Obj[], invoiceId: string): void {
  for (const item of items) item.invoice = invoiceId;
}

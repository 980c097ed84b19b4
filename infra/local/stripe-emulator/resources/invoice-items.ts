import type { Core } from '../core';
import { invalidParam, invalidRequest, noSuch } from '../errors';
import { newId } from '../ids';
import { LIST_PARAMS, createdFilter, paginate } from '../list';
import type { Router } from '../router';
import type { Obj } from '../store';
import { multiplyRound } from '../billing/amounts';
import { getCustomer } from './customers';

/** Parameters of `POST /v1/invoiceitems` in the API version the `stripe` package speaks (InvoiceItemCreateParams). */
const CREATE_PARAMS = [
  'amount', 'currency', 'customer', 'customer_account', 'description', 'discountable', 'discounts', 'expand', 'invoice',
  'metadata', 'period', 'price_data', 'pricing', 'quantity', 'quantity_decimal', 'subscription', 'tax_behavior', 'tax_code',
  'tax_rates', 'unit_amount_decimal',
] as const;

export function getInvoiceItem(core: Core, id: string): Obj {
  const item = core.store.get('invoiceItems', id);
  if (!item) throw noSuch('invoiceitem', id);
  return item;
}

/**
 * `POST /v1/invoiceitems`: a one-off charge the customer's next invoice picks up (the subscription's, when `subscription`
 * names one; else an invoice created for the customer). Priced by `amount`, or `quantity` × `unit_amount_decimal`.
 */
function createInvoiceItem(core: Core, params: import('../params').Params): Obj {
  params.allowOnly(CREATE_PARAMS);
  const customer = getCustomer(core, params.reqStr('customer'), 'customer');
  const subId = params.str('subscription');
  const sub = subId ? core.store.get('subscriptions', subId) : undefined;
  if (subId && !sub) throw noSuch('subscription', subId, 'subscription');
  if (sub && sub.customer !== customer.id) throw invalidParam('subscription', `The subscription ${subId} does not belong to customer ${customer.id}.`);
  if (params.has('invoice')) throw invalidParam('invoice', 'Adding an invoice item to an existing draft invoice is not supported by the emulator.');
  const amount = params.int('amount');
  const unitDecimal = params.decimal('unit_amount_decimal');
  const quantity = params.int('quantity', 0) ?? 1;
  if (amount !== undefined && unitDecimal !== undefined) throw invalidRequest('You may only specify one of these parameters: amount, unit_amount_decimal.', 'amount');
  if (amount === undefined && unitDecimal === undefined) throw invalidRequest('You must specify either `amount`, `pricing[price]`, `price_data` or `unit_amount_decimal`.', 'amount', 'parameter_missing');
  if (amount !== undefined && params.has('quantity')) throw invalidRequest('You may only specify `quantity` with `unit_amount_decimal`, `pricing[price]` or `price_data`.', 'quantity');
  const currency = params.str('currency') ?? sub?.currency ?? customer.currency ?? 'usd';
  const periodParams = params.obj('period');
  periodParams?.allowOnly(['start', 'end']);
  const now = core.now();
  const period = periodParams ? { start: periodParams.int('start', 0) ?? missing('period[start]'), end: periodParams.int('end', 0) ?? missing('period[end]') } : { start: now, end: now };
  if (period.end < period.start) throw invalidParam('period[end]', 'period[end] must be on or after period[start]');
  const decimal = unitDecimal ?? String(amount);
  const item: Obj = {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: amount ?? multiplyRound(quantity, decimal),
    currency,
    customer: customer.id,
    date: now,
    description: params.str('description') ?? null,
    discountable: params.bool('discountable') ?? true,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: params.metadata() ?? {},
    parent: sub ? { subscription_details: { subscription: sub.id, subscription_item: null }, type: 'subscription_details' } : null,
    period,
    pricing: { price_details: null, type: 'price_details', unit_amount_decimal: decimal },
    proration: false,
    quantity,
    subscription: sub?.id ?? null,
    subscription_item: null,
  };
  core.store.put('invoiceItems', item);
  core.emit('invoiceitem.created', item);
  return item;
}

function missing(param: string): never {
  throw invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function registerInvoiceItems(router: Router): void {
  router.add('POST', '/v1/invoiceitems', ({ core, params }) => createInvoiceItem(core, params));
  router.add('GET', '/v1/invoiceitems/:id', ({ core, path }) => getInvoiceItem(core, path.id));
  router.add('GET', '/v1/invoiceitems', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'customer', 'customer_account', 'invoice', 'pending', 'created']);
    const customer = params.str('customer');
    const invoice = params.str('invoice');
    const pending = params.bool('pending');
    const created = createdFilter(params, 'date');
    const items = core.store.list('invoiceItems', (ii) => created(ii) &&
      (!customer || ii.customer === customer) && (!invoice || ii.invoice === invoice) && (pending === undefined || (ii.invoice === null) === pending));
    return paginate(items, params, '/v1/invoiceitems');
  });
}

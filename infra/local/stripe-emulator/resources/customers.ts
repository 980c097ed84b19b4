import type { Core } from '../core';
import { diffPrevious } from '../core';
import { noSuch } from '../errors';
import { invoicePrefix, newId } from '../ids';
import { LIST_PARAMS, paginate } from '../list';
import type { Params } from '../params';
import type { Router } from '../router';
import type { Obj } from '../store';

const WRITABLE = ['email', 'name', 'description', 'phone', 'metadata', 'expand'] as const;

export function createCustomer(core: Core, fields: { email?: string | null; name?: string | null; description?: string | null; phone?: string | null; metadata?: Record<string, string> }): Obj {
  const customer: Obj = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: core.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: invoicePrefix(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  core.store.put('customers', customer);
  core.emit('customer.created', customer);
  return customer;
}

export function getCustomer(core: Core, id: string, param = 'id'): Obj {
  const c = core.store.get('customers', id);
  if (!c || c.deleted) throw noSuch('customer', id, param);
  return c;
}

function applyFields(p: Params, target: Obj): void {
  for (const key of ['email', 'name', 'description', 'phone'] as const) {
    const v = p.str(key);
    if (v !== undefined) target[key] = v === '' ? null : v;
  }
  const metadata = p.metadata(target.metadata);
  if (metadata) target.metadata = metadata;
}

export function registerCustomers(router: Router): void {
  router.add('POST', '/v1/customers', ({ core, params }) => {
    params.allowOnly(WRITABLE);
    const fields: Obj = { metadata: {} };
    applyFields(params, fields);
    return createCustomer(core, fields);
  });
  router.add('GET', '/v1/customers/:id', ({ core, params, path }) => {
    params.allowOnly(['expand']);
    return getCustomer(core, path.id);
  });
  router.add('POST', '/v1/customers/:id', ({ core, params, path }) => {
    params.allowOnly(WRITABLE);
    const customer = getCustomer(core, path.id);
    const before = structuredClone(customer);
    applyFields(params, customer);
    const prev = diffPrevious(before, customer);
    if (Object.keys(prev).length > 0) core.emit('customer.updated', customer, prev);
    return customer;
  });
  router.add('GET', '/v1/customers', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'email', 'created']);
    const email = params.str('email');
    const items = core.store.list('customers', (c) => !c.deleted && (email === undefined || c.email === email));
    return paginate(items, params, '/v1/customers');
  });
}

import type { Core } from '../core';
import { diffPrevious } from '../core';
import { invalidRequest, noSuch } from '../errors';
import { newId } from '../ids';
import { LIST_PARAMS, paginate } from '../list';
import type { Params } from '../params';
import type { Router } from '../router';
import type { Obj } from '../store';

export function createProduct(core: Core, p: Params, explicitId?: string): Obj {
  const now = core.now();
  const id = explicitId ?? newId('prod');
  if (core.store.get('products', id)) {
    throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  }
  const product: Obj = {
    id,
    object: 'product',
    active: p.bool('active') ?? true,
    created: now,
    default_price: null,
    description: p.str('description') ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: p.metadata() ?? {},
    name: p.reqStr('name'),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: p.str('unit_label') ?? null,
    updated: now,
    url: null,
  };
  core.store.put('products', product);
  core.emit('product.created', product);
  return product;
}

export function getProduct(core: Core, id: string, param = 'id'): Obj {
  const product = core.store.get('products', id);
  if (!product) throw noSuch('product', id, param);
  return product;
}

export function registerProducts(router: Router): void {
  const writable = ['name', 'active', 'description', 'metadata', 'unit_label', 'expand'];
  router.add('POST', '/v1/products', ({ core, params }) => {
    params.allowOnly([...writable, 'id']);
    return createProduct(core, params, params.str('id'));
  });
  router.add('GET', '/v1/products/:id', ({ core, params, path }) => {
    params.allowOnly(['expand']);
    return getProduct(core, path.id);
  });
  router.add('POST', '/v1/products/:id', ({ core, params, path }) => {
    params.allowOnly([...writable, 'default_price']);
    const product = getProduct(core, path.id);
    const before = structuredClone(product);
    const name = params.str('name');
    if (name !== undefined) product.name = name;
    const active = params.bool('active');
    if (active !== undefined) product.active = active;
    for (const key of ['description', 'unit_label', 'default_price'] as const) {
      const v = params.str(key);
      if (v !== undefined) product[key] = v === '' ? null : v;
    }
    const metadata = params.metadata(product.metadata);
    if (metadata) product.metadata = metadata;
    product.updated = core.now();
    core.emit('product.updated', product, diffPrevious(before, product));
    return product;
  });
  router.add('GET', '/v1/products', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'active', 'ids', 'created']);
    const active = params.bool('active');
    const ids = params.strList('ids');
    const items = core.store.list(
      'products',
      (p) => (active === undefined || p.active === active) && (!ids || ids.includes(p.id)),
    );
    return paginate(items, params, '/v1/products');
  });
}

import { invalidRequest } from './errors';
import type { Obj, Store } from './store';

/**
 * Applies Stripe `expand[]` paths (e.g. `latest_invoice`, `items.data.price.product`, `data.customer`)
 * to a deep copy of the response. Only id strings are replaced; unknown paths are a 400 like Stripe's.
 */
export function applyExpand(store: Store, response: Obj, paths: string[]): Obj {
  if (paths.length === 0) return response;
  const copy = structuredClone(response);
  for (const path of paths) expandPath(store, copy, path.split('.'), path);
  return copy;
}

function expandPath(store: Store, node: Obj, segments: string[], full: string): void {
  const [head, ...rest] = segments;
  if (!(head in node)) throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  let value = node[head];
  if (Array.isArray(value)) {
    if (rest.length === 0) {
      node[head] = value.map((v) => (typeof v === 'string' ? (store.findById(v) ?? v) : v));
      return;
    }
    for (const item of value) if (item && typeof item === 'object') expandPath(store, item, rest, full);
    return;
  }
  if (typeof value === 'string') {
    const found = store.findById(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
    value = node[head] = structuredClone(found);
  }
  if (rest.length === 0 || value === null) return;
  if (typeof value !== 'object') throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  expandPath(store, value, rest, full);
}

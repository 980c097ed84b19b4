import { noSuch } from './errors';
import type { Params } from './params';
import type { Obj } from './store';

export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand'] as const;

/** Stripe list object over `items` (already newest first), honouring limit/starting_after/ending_before. */
export function paginate(items: Obj[], params: Params, url: string): Obj {
  const limit = params.int('limit', 1, 100) ?? 10;
  const after = params.str('starting_after');
  const before = params.str('ending_before');
  let start = 0;
  let end = items.length;
  if (after) {
    const i = items.findIndex((o) => o.id === after);
    if (i === -1) throw noSuch('object', after, 'starting_after');
    start = i + 1;
  } else if (before) {
    const i = items.findIndex((o) => o.id === before);
    if (i === -1) throw noSuch('object', before, 'ending_before');
    end = i;
    start = Math.max(0, end - limit);
  }
  const data = items.slice(start, Math.min(end, start + limit));
  const hasMore = before ? start > 0 : start + data.length < end;
  return { object: 'list', data, has_more: hasMore, url };
}

/**
 * Stripe's `created` list filter: an exact timestamp, or `{ gt, gte, lt, lte }`, on the object's `field` (invoice items
 * keep theirs in `date`). Absent: everything passes.
 */
export function createdFilter(params: Params, field = 'created'): (o: Obj) => boolean {
  if (!params.has('created')) return () => true;
  if (typeof params.raw.created === 'string') {
    const at = params.int('created');
    return (o) => o[field] === at;
  }
  const range = params.obj('created')!;
  range.allowOnly(['gt', 'gte', 'lt', 'lte']);
  const [gt, gte, lt, lte] = (['gt', 'gte', 'lt', 'lte'] as const).map((k) => range.int(k));
  return (o) => (gt === undefined || o[field] > gt) && (gte === undefined || o[field] >= gte) && (lt === undefined || o[field] < lt) && (lte === undefined || o[field] <= lte);
}

export function listObject(data: Obj[], url: string): Obj {
  return { object: 'list', data, has_more: false, url };
}

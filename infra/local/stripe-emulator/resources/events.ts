import { noSuch } from '../errors';
import { LIST_PARAMS, paginate } from '../list';
import type { Router } from '../router';

export function registerEvents(router: Router): void {
  router.add('GET', '/v1/events/:id', ({ core, path }) => {
    const event = core.store.get('events', path.id);
    if (!event) throw noSuch('event', path.id);
    return event;
  });
  router.add('GET', '/v1/events', ({ core, params }) => {
    params.allowOnly([...LIST_PARAMS, 'type', 'types', 'created', 'delivery_success']);
    const type = params.str('type');
    const types = params.strList('types');
    const created = params.obj('created');
    const gte = created?.int('gte');
    const lte = created?.int('lte');
    const gt = created?.int('gt');
    const lt = created?.int('lt');
    const matchesType = (t: string) =>
      (!type || (type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type)) && (!types || types.includes(t));
    const items = core.store.list('events', (e) =>
      matchesType(e.type) &&
      (gte === undefined || e.created >= gte) && (lte === undefined || e.created <= lte) &&
      (gt === undefined || e.created > gt) && (lt === undefined || e.created < lt));
    return paginate(items, params, '/v1/events');
  });
}

import { routes } from '../../infra/routes';
import { ArgusClient } from './argus-client';
import { ArgusAuthClient } from './auth-client';
import { ROUTE_METHODS } from './route-methods';

/** The typed client covers every route: a route added to the table without a client method fails here. */
describe('the typed client covers the route table', () => {
  const keys = routes.map((r) => `${r.method} ${r.path}`);

  it('maps every route to a client method, and names no route the table lacks', () => {
    expect(keys.filter((k) => !(k in ROUTE_METHODS))).toEqual([]);
    expect(Object.keys(ROUTE_METHODS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('each mapped method exists on its client', () => {
    const prototypes: Record<string, object> = { client: ArgusClient.prototype, auth: ArgusAuthClient.prototype };
    const missing = Object.entries(ROUTE_METHODS)
      .map(([route, call]) => [route, ...call.split('.')] as const)
      .filter(([, client, method]) => (client === 'rpc' ? !['auth', 'billing'].includes(method) : typeof (prototypes[client] as Record<string, unknown>)[method] !== 'function'));
    expect(missing).toEqual([]);
  });
});

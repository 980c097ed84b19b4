import { routes } from '../routes';
import { api } from './testing/local-stack';

/** Every path of the route table with the methods it is served with (what `Allow` must say). */
const methodsByPath = new Map<string, string[]>();
for (const r of routes) methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), r.method].sort());
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => `${name}_1`);

/** CONTRACT §1: CORS for the console's origins, 405 with `Allow` for a known path, 404 for an unknown one. */
describe('CORS', () => {
  const preflight = (path: string, origin: string, method = 'POST') =>
    api(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' } });

  it.each(['http://localhost:5173', 'http://127.0.0.1:8080'])('answers a preflight from %s with what the browser may send', async (origin) => {
    const res = await preflight('/v1/auth/login', origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toMatch(/origin/i);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('lists every method a parameterised path is served with', async () => {
    const res = await preflight('/v1/orgs/org_x/api-keys', 'http://localhost:3000', 'GET');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe(methodsByPath.get('/v1/orgs/{orgId}/api-keys')!.join(', '));
  });

  it.each(['https://evil.example', 'http://localhost.evil.example:5173', 'null'])('gives no CORS grant to %s', async (origin) => {
    const res = await preflight('/v1/auth/login', origin);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
    const actual = await api('/v1/plans', { headers: { origin } });
    expect(actual.status).toBe(200);
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks actual answers for an allowed origin, refusals included, and exposes the request id and rate-limit headers', async () => {
    const origin = 'http://localhost:5173';
    const answers = [
      await api('/v1/plans', { headers: { origin } }),
      await api('/v1/auth/login', { body: { email: 'nobody@example.test', password: 'Wrong-Password-1' }, headers: { origin } }),
      await api('/v1/me', { headers: { origin } }), // refused by the (emulated) JWT authorizer before any handler
      await api('/v1/quota/check', { body: {}, headers: { origin } }),
      await api('/v1/plans', { method: 'DELETE', headers: { origin } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 401, 401, 405]);
    for (const res of answers) {
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-expose-headers')?.split(', ')).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'ratelimit-remaining']));
      expect(res.headers.get('vary')).toMatch(/origin/i);
    }
  });
});

describe('unmatched requests', () => {
  it('answers every path of the route table with an unserved method 405 method_not_allowed and Allow', async () => {
    for (const [template, served] of methodsByPath) {
      const method = ['PUT', 'PATCH', 'DELETE', 'GET', 'POST'].find((m) => !served.includes(m))!;
      const path = concrete(template);
      const allow = served.join(', ');
      const res = await api(path, { method, headers: { 'content-type': 'application/json' }, rawBody: method === 'GET' ? undefined : '{}' });
      expect({ method, path, status: res.status, allow: res.headers.get('allow'), code: res.body?.error?.code }).toEqual({ method, path, status: 405, allow, code: 'method_not_allowed' });
      expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    }
  });

  it('answers an unknown path 404 not_found, whatever the method', async () => {
    for (const [method, path] of [['GET', '/v1/nothing-here'], ['POST', '/v1/auth'], ['OPTIONS', '/v2/plans'], ['GET', '/v1/plans/extra']] as const) {
      const res = await api(path, { method, headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } });
      expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, status: 404, code: 'not_found' });
      expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    }
  });
});

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CONSOLE_DIST } from './console-build';
import { localStack } from './testing/local-stack';

/** The built console at `{apiUrl}/console/` (CONTRACT §2 `consoleUrl`), over a real socket. */
describe('console served by the local stack', () => {
  const stack = localStack();
  const get = (p: string, init?: RequestInit) => fetch(`${stack.apiUrl}${p}`, { redirect: 'manual', ...init });

  it('names its URL in local.json', () => {
    expect(stack.consoleUrl).toBe(`${stack.apiUrl}/console/`);
  });

  it('serves index.html, revalidated, with the security headers and a CSP that lets the app call the API', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toMatch(/<script type="module"[^>]* src="\/console\/assets\/[^"]+\.js"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(new RegExp(`connect-src 'self' ${new URL(stack.apiUrl).origin}(;|$)`));
  });

  it('serves a hashed asset with its content type, cached for good', async () => {
    const asset = readdirSync(path.join(CONSOLE_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/console/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await res.text()).length).toBeGreaterThan(0);
  });

  it('answers a deep link with index.html (SPA fallback) but a missing file with 404', async () => {
    const index = await (await get('/console/')).text();
    const deep = await get('/console/orgs/org_123/invoices');
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await deep.text()).toBe(index);
    const missing = await get('/console/assets/nope-123.js');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers config.json from the running stack', async () => {
    const res = await get('/console/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({ apiUrl: stack.apiUrl, region: stack.region, userPoolClientId: stack.cognito.clientId, stage: 'local' });
  });

  it('redirects /console to /console/, refuses writes, and never serves outside dist or its dot files', async () => {
    const bare = await get('/console?x=1');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/?x=1');
    const post = await get('/console/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    for (const p of ['/console/..%2f..%2fpackage.json', '/console/%2e%2e/%2e%2e/package.json', '/console/.build-stamp']) {
      const res = await get(p);
      expect([p, res.status]).toEqual([p, 404]);
    }
  });
});

import { randomInt } from 'node:crypto';
import { inBatches, roomInCurrentMinute } from '../../infra/local/testing/bursts';
import { api } from '../../infra/local/testing/local-stack';
import { uniqueEmail, TEST_PASSWORD } from '../../infra/local/testing/users';
import { AUTH_REQUESTS_PER_IP_PER_MINUTE, FAILED_WEBHOOK_SIGNATURES_PER_IP_PER_MINUTE } from './ip-limits-policy';

/** A fresh client address per test (the local runner honours X-Forwarded-For from loopback only). */
const address = () => `198.19.${randomInt(256)}.${randomInt(1, 255)}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('per-IP limits of anonymous routes', () => {
  it('refuses the 61st login attempt a minute from one address with 429, while another address and other routes still get through', async () => {
    const attacker = address();
    const login = (ip: string) => api('/v1/auth/login', { body: { email: 'victim@example.test', password: 'Guess-1234' }, headers: from(ip) });
    await roomInCurrentMinute(40);
    const attempts = await inBatches(200, 10, () => login(attacker));
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(AUTH_REQUESTS_PER_IP_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - AUTH_REQUESTS_PER_IP_PER_MINUTE);

    const refused = attempts.find((r) => r.status === 429)!;
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', requestId: refused.headers.get('x-request-id') });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe(String(AUTH_REQUESTS_PER_IP_PER_MINUTE));
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-policy')).toBe(`${AUTH_REQUESTS_PER_IP_PER_MINUTE};w=60`);
    // Allowed attempts report what is left of the address's minute.
    expect(attempts.find((r) => r.status === 401)!.headers.get('ratelimit-limit')).toBe(String(AUTH_REQUESTS_PER_IP_PER_MINUTE));

    // Another address is untouched, and the flooding address may still sign up (each route has its own budget).
    expect((await login(address())).status).toBe(401);
    const signup = await api('/v1/auth/signup', { body: { email: uniqueEmail('ip'), password: TEST_PASSWORD }, headers: from(attacker) });
    expect(signup.status).toBe(201);
  }, 120_000);

  it('limits failed webhook signatures per address; a failure never costs another address', async () => {
    const prober = address();
    const post = (ip: string) => api('/v1/webhooks/stripe', { rawBody: '{"id":"evt_1"}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef', ...from(ip) } });
    await roomInCurrentMinute(20);
    const probes = await inBatches(FAILED_WEBHOOK_SIGNATURES_PER_IP_PER_MINUTE, 5, () => post(prober));
    expect(probes.every((r) => r.status === 400 && r.body.error.code === 'invalid_signature')).toBe(true);
    const blocked = await post(prober);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await post(address())).status).toBe(400);
  }, 60_000);

  it("spends the address's budget on a public route, never the budget of an org the body names", async () => {
    const res = await api('/v1/auth/forgot-password', { body: { email: uniqueEmail('ip'), orgId: 'org_any' }, headers: from(address()) });
    expect([202, 400]).toContain(res.status);
    expect(res.headers.get('ratelimit-limit')).toBe(String(AUTH_REQUESTS_PER_IP_PER_MINUTE));
  });
});

import '../../infra/local/testing/local-env';
import { inBatches, roomInCurrentMinute } from '../../infra/local/testing/bursts';
import { api } from '../../infra/local/testing/local-stack';
import { newUser } from '../../infra/local/testing/users';

describe('per-tier rate limits', () => {
  it('gives an explorer org 100 requests a minute, then 429 with Retry-After and RateLimit headers, and recovers after the window', async () => {
    const owner = await newUser();
    const other = await newUser();
    const call = (token: string, orgId: string) => api('/v1/quota/check', { token, body: { orgId, metric: 'api_calls', quantity: 1 } });

    await roomInCurrentMinute(25);
    const burst = await inBatches(100, 10, () => call(owner.token, owner.orgId));
    expect(burst.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(burst[0]!.headers.get('ratelimit-limit')).toBe('100');
    expect(burst.map((r) => Number(r.headers.get('ratelimit-remaining'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));

    const refused = await call(owner.token, owner.orgId);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', requestId: refused.headers.get('x-request-id') });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('100');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBe(retryAfter);

    // Another org's budget is its own.
    expect((await call(other.token, other.orgId)).status).toBe(200);

    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 200));
    const recovered = await call(owner.token, owner.orgId);
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('ratelimit-remaining')).toBe('99');
  }, 120_000);
});

describe('fixed-window limiter against the table (window injected)', () => {
  const { hitRateLimit } = require('./limiter') as typeof import('./limiter');

  it('counts concurrent hits exactly, refuses past the limit and starts over in the next window', async () => {
    const subject = `test#${Date.now()}-${Math.random()}`;
    const windowSeconds = 2;
    // Start right after a window boundary so the whole burst lands in one window.
    await new Promise((r) => setTimeout(r, windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000)) + 20));
    const now = Date.now();
    const decisions = await Promise.all(Array.from({ length: 8 }, () => hitRateLimit({ subject, limit: 5, windowSeconds, nowMs: now })));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0 && d.resetSeconds <= 2)).toBe(true);

    const later = now + windowSeconds * 1000;
    expect(await hitRateLimit({ subject, limit: 5, windowSeconds, nowMs: later })).toMatchObject({ allowed: true, remaining: 4 });
  });
});

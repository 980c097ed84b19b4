import type { Context } from 'aws-lambda';
import { RateLimitedError, NotFoundError } from '../errors';
import { httpHandler } from '../http/handler';
import type { ApiEvent } from '../http/types';
import type { enforceTierRateLimit } from './enforce';

// The middleware loads the limiter lazily, so the mock is in place before anything requires it (no table needed).
jest.mock('./enforce', () => ({ enforceTierRateLimit: jest.fn() }));
// The session check (logout, password reset) reads the table too; it has its own integration tests.
jest.mock('../identity/sessions', () => ({ assertSessionLive: jest.fn() }));
// The dau/mau marker writes to the table; the middleware's tests have none.
jest.mock('../analytics/mark-active', () => ({ markUserActive: jest.fn() }));
const enforce = (require('./enforce') as { enforceTierRateLimit: jest.MockedFunction<typeof enforceTierRateLimit> }).enforceTierRateLimit;

const HEADERS = { 'ratelimit-limit': '100', 'ratelimit-remaining': '41', 'ratelimit-reset': '17', 'ratelimit-policy': '100;w=60' };

function event(authorized: boolean): ApiEvent {
  // Real route-table entries: a user route (no org in the path) and a public one.
  const routeKey = authorized ? 'GET /v1/me' : 'GET /health';
  return {
    version: '2.0',
    routeKey,
    rawPath: '/v1/things',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'api',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method: 'GET', path: '/v1/things', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: authorized ? { jwt: { claims: { sub: 'u1', token_use: 'access' }, scopes: null } } : undefined,
    },
  };
}
const context = { functionName: 'test', awsRequestId: 'aws-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

describe('rate-limit middleware in httpHandler', () => {
  beforeEach(() => enforce.mockReset());

  it('stamps the RateLimit headers on a successful response', async () => {
    enforce.mockResolvedValue(HEADERS);
    const res = await httpHandler({}, async () => ({ body: { ok: true } }))(event(true), context);
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ ...HEADERS, 'x-request-id': 'req-1' });
    expect(enforce).toHaveBeenCalledWith({ kind: 'user', userId: 'u1' }, undefined, undefined);
  });

  it('spends one unit of each org a body names (as a member) and reports the tightest budget', async () => {
    const e = { ...event(true), routeKey: 'POST /v1/usage', body: JSON.stringify({ events: [{ orgId: 'o1' }, { orgId: 'o2' }, { orgId: 'o1' }] }) };
    enforce.mockImplementation(async (subject) => ({ ...HEADERS, 'ratelimit-remaining': subject.kind === 'org' && subject.orgId === 'o2' ? '3' : '50' }));
    const res = await httpHandler({}, async () => ({ body: {} }))(e, context);
    expect(enforce.mock.calls).toEqual([
      [{ kind: 'org', orgId: 'o1' }, undefined, 'u1'],
      [{ kind: 'org', orgId: 'o2' }, undefined, 'u1'],
    ]);
    expect(res.headers['ratelimit-remaining']).toBe('3');

    enforce.mockImplementation(async (subject) => {
      if (subject.kind === 'org' && subject.orgId === 'o2') throw new RateLimitedError(9, { ...HEADERS, 'ratelimit-remaining': '0' });
      return HEADERS;
    });
    const fn = jest.fn();
    const refused = await httpHandler({}, fn)(e, context);
    expect(fn).not.toHaveBeenCalled();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('9');
  });

  it('stamps them on error responses too', async () => {
    enforce.mockResolvedValue(HEADERS);
    const res = await httpHandler({}, async () => {
      throw new NotFoundError();
    })(event(true), context);
    expect(res.statusCode).toBe(404);
    expect(res.headers).toMatchObject(HEADERS);
  });

  it('answers 429 rate_limited with Retry-After before the handler runs', async () => {
    enforce.mockRejectedValue(new RateLimitedError(17, { ...HEADERS, 'ratelimit-remaining': '0' }));
    const fn = jest.fn();
    const res = await httpHandler({}, fn)(event(true), context);
    expect(fn).not.toHaveBeenCalled();
    expect(res.statusCode).toBe(429);
    expect(JSON.parse(res.body as string).error).toMatchObject({ code: 'rate_limited', requestId: 'req-1' });
    expect(res.headers).toMatchObject({ 'retry-after': '17', 'ratelimit-remaining': '0', 'ratelimit-limit': '100' });
  });

  it('leaves anonymous requests alone', async () => {
    const res = await httpHandler({}, async () => ({ body: {} }))(event(false), context);
    expect(res.statusCode).toBe(200);
    expect(enforce).not.toHaveBeenCalled();
    expect(res.headers['ratelimit-limit']).toBeUndefined();
  });
});

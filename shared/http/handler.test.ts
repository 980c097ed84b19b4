import { z } from 'zod';
import type { Context } from 'aws-lambda';
import { ConflictError } from '../errors';
import { httpHandler } from './handler';
import type { ApiEvent } from './types';

// Any public route of the table: the handler under test is synthetic, the route key only drives authorization.
const PUBLIC_ROUTE = 'POST /v1/licenses/validate';

function event(overrides: Partial<ApiEvent> = {}): ApiEvent {
  return {
    version: '2.0',
    routeKey: PUBLIC_ROUTE,
    rawPath: '/v1/things',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'api',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method: 'POST', path: '/v1/things', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-123',
      routeKey: PUBLIC_ROUTE,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...overrides,
  };
}
const context = { functionName: 'test', awsRequestId: 'aws-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

const handler = httpHandler(
  { body: z.object({ name: z.string().min(1), count: z.number().int().positive() }), query: z.object({ mode: z.enum(['a', 'b']).optional() }) },
  async ({ body, query }) => {
    if (body.name === 'taken') throw new ConflictError('That name is taken');
    if (body.name === 'boom') throw new Error('ddb table argus-prod exploded');
    return { status: 201, body: { name: body.name, count: body.count, mode: query.mode ?? null } };
  },
);

const call = async (e: ApiEvent) => {
  const res = await handler(e, context);
  return { ...res, json: res.body ? JSON.parse(res.body) : undefined };
};

describe('httpHandler', () => {
  it('parses, validates and answers with the request id', async () => {
    const res = await call(event({ body: JSON.stringify({ name: 'x', count: 2 }), queryStringParameters: { mode: 'b' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json).toEqual({ name: 'x', count: 2, mode: 'b' });
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await call(event({ body: '{"name": ' }));
    expect(res.statusCode).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_json', requestId: 'req-123' });
  });

  it('names every invalid field in details', async () => {
    const res = await call(event({ body: JSON.stringify({ name: '', count: 'x' }), queryStringParameters: { mode: 'c' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.count', 'body.name']);
  });

  it('validates the query after the body passes', async () => {
    const res = await call(event({ body: JSON.stringify({ name: 'a', count: 1 }), queryStringParameters: { mode: 'c' } }));
    expect(res.json.error.details).toEqual([{ path: 'query.mode', message: expect.any(String) }]);
  });

  it('treats a missing body as a validation failure, not a crash', async () => {
    const res = await call(event({ body: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
  });

  it('refuses bodies over 256 KiB with 413, base64 or not', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(256 * 1024), count: 1 });
    expect((await call(event({ body: big }))).statusCode).toBe(413);
    const res = await call(event({ body: Buffer.from(big).toString('base64'), isBase64Encoded: true }));
    expect(res.statusCode).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('maps typed domain errors to their status and code', async () => {
    const res = await call(event({ body: JSON.stringify({ name: 'taken', count: 1 }) }));
    expect(res.statusCode).toBe(409);
    expect(res.json).toEqual({ error: { code: 'conflict', message: 'That name is taken', requestId: 'req-123' } });
  });

  it('answers unexpected errors with 500 internal and leaks nothing', async () => {
    const res = await call(event({ body: JSON.stringify({ name: 'boom', count: 1 }) }));
    expect(res.statusCode).toBe(500);
    expect(res.json.error.code).toBe('internal');
    expect(res.body).not.toMatch(/argus-prod|exploded|at /);
    expect(res.headers['x-request-id']).toBe('req-123');
  });

  it('refuses an ID token that reached the handler', async () => {
    const e = event({ body: JSON.stringify({ name: 'x', count: 1 }) });
    e.requestContext.authorizer = { jwt: { claims: { sub: 'u1', token_use: 'id' }, scopes: null } };
    const res = await call(e);
    expect(res.statusCode).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('fails closed: a route key the route table does not list is not served', async () => {
    const e = event({ body: JSON.stringify({ name: 'x', count: 1 }), routeKey: 'POST /v1/not-in-the-table' });
    const res = await call(e);
    expect(res.statusCode).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

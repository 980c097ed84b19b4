import fc from 'fast-check';
import { create, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { routes as allRoutes, type RouteDef } from '../routes';
import { AuthService } from '../../shared/rpc/gen/argus/auth/v1/auth_pb';
import { BillingService } from '../../shared/rpc/gen/argus/billing/v1/billing_pb';
import { api, localStack, TEST_CLIENT_IP, type ApiResponse } from '../local/testing/local-stack';
import { newUser, serviceApiKey, type TestUser } from '../local/testing/users';

/**
 * Hostile input against every route of the route table: malformed and wrong-typed bodies, huge and deeply nested JSON,
 * odd unicode, random path parameters, headers and query strings. Whatever arrives, the answer is never a 5xx, every
 * 4xx carries the contract's error body with the request id, and nothing internal (stack frames, SDK errors, table
 * names, secrets) leaks. Callers are real: a pool of members (org routes need a member to get past the 404) and the
 * platform key, so requests reach the parsers rather than stopping at authentication.
 */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
// The Connect RPC routes answer Connect's error body, not the contract's REST one: their own block is at the end.
const routes = allRoutes.filter((r) => !r.path.startsWith('/rpc/'));
const LEAKS = [/\bat .+:\d+:\d+/, /node_modules/, /argus-local/, /TableName/i, /Exception\b/, /ConditionalCheck/, /\bdynamodb\b/i, /__type/, /sk_test_/, /whsec_/, /\bstack\b/i];
const FIELDS = ['email', 'password', 'name', 'orgName', 'orgId', 'metric', 'quantity', 'planId', 'events', 'scopes', 'role', 'id', 'consume', 'feature', 'licenseKey', 'machineId', 'refreshToken', 'code', 'newPassword', 'successUrl', 'cancelUrl', 'returnUrl', 'cancelAtPeriodEnd', 'maxDevices', 'expiresAt', 'timestamp', 'properties'];

const weirdString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\uFEFF', '💥'.repeat(50), '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '%00', 'ORG#x', '__proto__', 'constructor'),
);
const wrongValue = fc.oneof(weirdString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 5 }), fc.object({ maxDepth: 2 }));
const wrongTypedBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), wrongValue, { maxKeys: 6 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { polluted: 1 } } }, { events: Array.from({ length: 2000 }, () => ({})) }),
);
const malformedJson = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"a":1,}', "{'a':1}", '{"a":NaN}', '\u0000{}', '{"a":"\\x"}', '[]]'),
    fc.string({ maxLength: 20 }).map((s) => `{${s}`),
  )
  .filter((text) => {
    // A blank body is no body, not malformed JSON: routes whose fields are all optional rightly accept it.
    if (text.trim() === '') return false;
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });
const deepJson = fc.integer({ min: 500, max: 5000 }).chain((depth) => fc.constantFrom('['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', '');

describe('hostile input on every route', () => {
  const users: TestUser[] = [];
  let next = 0;

  beforeAll(async () => {
    // Each member brings an org with its own per-minute budget, so the suite reaches the parsers, not just the limiter.
    for (let i = 0; i < 8; i++) users.push(await newUser());
  }, 120_000);

  function caller(route: RouteDef) {
    const user = users[next++ % users.length]!;
    if (route.auth === 'none') return { user, token: undefined };
    return { user, token: route.auth === 'jwt-or-key' && !route.path.includes('{orgId}') ? serviceApiKey() : user.token };
  }

  function pathFor(route: RouteDef, orgId: string, param = 'p4r4m') {
    return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(name === 'orgId' ? orgId : param));
  }

  function assertContractAnswer(route: RouteDef, res: ApiResponse, sent: string) {
    const label = `${route.method} ${route.path} <- ${sent.slice(0, 120)}`;
    expect({ label, status: res.status < 500 }).toEqual({ label, status: true });
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
    for (const leak of LEAKS) expect({ label, leak: leak.test(text) ? `${leak} in ${text.slice(0, 300)}` : null }).toEqual({ label, leak: null });
    if (res.status >= 400) {
      expect(res.body).toEqual({
        error: expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String), requestId: res.headers.get('x-request-id') }),
      });
    }
  }

  const bodyRoutes = routes.filter((r) => BODY_METHODS.has(r.method));

  it.each(bodyRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: malformed JSON is a 4xx, never a crash', async (_, route) => {
    await fc.assert(
      fc.asyncProperty(malformedJson, async (text) => {
        const { user, token } = caller(route);
        const res = await api(pathFor(route, user.orgId), { method: route.method, rawBody: text, token, headers: { 'content-type': 'application/json' } });
        assertContractAnswer(route, res, text);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 6 },
    );
  });

  it.each(bodyRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: wrong types, unicode and nesting are refused with field details', async (_, route) => {
    const seenCodes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(wrongTypedBody, async (body) => {
        const { user, token } = caller(route);
        const res = await api(pathFor(route, user.orgId), { method: route.method, body, token });
        assertContractAnswer(route, res, JSON.stringify(body) ?? '');
        if (res.body?.error?.code) seenCodes.add(res.body.error.code);
        if (res.body?.error?.code === 'validation_failed') {
          expect(res.body.error.details.length).toBeGreaterThan(0);
          for (const detail of res.body.error.details) expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
        }
      }),
      { numRuns: 8 },
    );
    // The suite must reach the route's input checks, not stop at the door: a JSON array is a body no route accepts,
    // so this probe makes the check below deterministic whatever the random runs drew.
    const { user, token } = caller(route);
    const probe = await api(pathFor(route, user.orgId), { method: route.method, body: [], token });
    assertContractAnswer(route, probe, '[]');
    if (probe.body?.error?.code) seenCodes.add(probe.body.error.code);
    expect([...seenCodes].some((c) => ['validation_failed', 'invalid_signature', 'not_found', 'conflict', 'unauthorized', 'upgrade_required'].includes(c))).toBe(true);
  });

  it.each(bodyRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: deep nesting and bodies over 256 KiB', async (_, route) => {
    await fc.assert(
      fc.asyncProperty(deepJson, async (text) => {
        const { user, token } = caller(route);
        const res = await api(pathFor(route, user.orgId), { method: route.method, rawBody: text, token, headers: { 'content-type': 'application/json' } });
        // Deep nesting is valid JSON: a route may ignore an unknown nested field; it must just never fall over.
        assertContractAnswer(route, res, text);
      }),
      { numRuns: 2 },
    );
    const { user, token } = caller(route);
    const huge = JSON.stringify({ name: 'x'.repeat(300 * 1024) });
    const res = await api(pathFor(route, user.orgId), { method: route.method, rawBody: huge, token, headers: { 'content-type': 'application/json' } });
    assertContractAnswer(route, res, 'a 300 KiB body');
    // A route's own caller checks may answer first (401/404); a body that gets as far as the handler is a 413.
    expect([401, 403, 404, 413, 429]).toContain(res.status);
  });

  // Quantities at, inside and beyond the bounds (CONTRACT §3 Usage) on every path that takes one: never a 5xx, and
  // what lies beyond the bounds is refused (400 on quota check, `rejected` on POST /v1/usage).
  const boundaryQuantity = fc.oneof(
    fc.constantFrom(1e12, 1e12 + 1, 1e20, 2 ** 53 + 2, 9e15, Number.MAX_VALUE, 0.5, 1.0000001, 0.000001, 1e-7, 5e-324, -1, 0),
    fc.double({ min: 1e11, max: 1e16, noNaN: true }),
    fc.double({ min: 0, max: 10, noNaN: true }),
  );
  const quantityMetric = fc.constantFrom('api_calls', 'agent_executions', 'llm_tokens', 'storage_gb');
  const beyondBounds = (metric: string, q: number) =>
    !(q > 0 && q <= 1e12) || (metric === 'storage_gb' ? Number(q.toFixed(6)) !== q /* more than 6 decimals (judged on the double, exact at any magnitude) */ : !Number.isInteger(q));

  it('POST /v1/quota/check: quantities at and beyond the bounds, with and without consume', async () => {
    const route = routes.find((r) => r.handler === 'quota-check')!;
    await fc.assert(
      fc.asyncProperty(quantityMetric, boundaryQuantity, fc.boolean(), async (metric, quantity, consume) => {
        const { user } = caller(route);
        const res = await api('/v1/quota/check', { method: 'POST', token: serviceApiKey(), body: { orgId: user.orgId, metric, quantity, consume, id: `h-${Math.random()}` } });
        assertContractAnswer(route, res, JSON.stringify({ metric, quantity, consume }));
        if (beyondBounds(metric, quantity)) expect({ metric, quantity, status: res.status }).toEqual({ metric, quantity, status: 400 });
      }),
      { numRuns: 40 },
    );
  });

  it('POST /v1/usage: quantities at and beyond the bounds are rejected one by one with invalid_quantity', async () => {
    const route = routes.find((r) => r.handler === 'usage-ingest')!;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(quantityMetric, boundaryQuantity), { minLength: 1, maxLength: 20 }), async (pairs) => {
        const { user } = caller(route);
        const events = pairs.map(([metric, quantity], i) => ({ id: `hq-${Math.random()}-${i}`, orgId: user.orgId, metric, quantity }));
        const res = await api('/v1/usage', { method: 'POST', token: serviceApiKey(), body: { events } });
        assertContractAnswer(route, res, JSON.stringify(pairs));
        expect(res.status).toBe(202);
        const refused = new Set((res.body.rejected as { index: number; error: string }[]).map((r) => `${r.index}:${r.error}`));
        pairs.forEach(([metric, quantity], i) => {
          expect({ metric, quantity, refused: refused.has(`${i}:invalid_quantity`) }).toEqual({ metric, quantity, refused: beyondBounds(metric, quantity) });
        });
      }),
      { numRuns: 15 },
    );
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: random path parameters, query strings and headers', async (_, route) => {
    await fc.assert(
      fc.asyncProperty(weirdString, fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), weirdString, { maxKeys: 3 }), contentType, headerValue, async (param, query, type, header) => {
        const { user, token } = caller(route);
        const qs = new URLSearchParams(query).toString();
        const path = `${pathFor(route, user.orgId, param || 'x')}${qs ? `?${qs}` : ''}`;
        const res = await api(path, {
          method: route.method,
          token,
          rawBody: BODY_METHODS.has(route.method) ? '{}' : undefined,
          headers: { 'content-type': type || 'application/json', 'x-custom': header, 'stripe-signature': header },
        });
        assertContractAnswer(route, res, `${path} ${type} ${header}`);
      }),
      { numRuns: 5 },
    );
  });
});

/**
 * The Connect RPC routes (CONTRACT §9): malformed and wrong-typed JSON, bytes that are not protobuf (random, truncated,
 * wrong wire types), unknown methods, odd content types and encodings, bodies over 256 KiB. Never a 5xx, nothing
 * internal leaks, and every refusal with a body is Connect's error body (`{ code, message }`). The caller is the
 * platform key, so requests reach the decoders rather than stopping at authentication or the rate limiter.
 */
describe('hostile input on the Connect RPC routes', () => {
  const services = [AuthService, BillingService];
  const methods = services.flatMap((service) => service.methods.map((m) => [`${service.typeName}/${m.name}`, m.input] as const));
  const RPC_FIELDS = ['token', 'userId', 'user_id', 'orgId', 'org_id', 'feature', 'resource', 'requested', 'consume', 'id', 'metric', 'quantity', 'metadata', 'timestamp'];

  async function rpc(path: string, body: Uint8Array | string, contentType: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${localStack().apiUrl}/rpc/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serviceApiKey()}`, 'content-type': contentType, 'x-forwarded-for': TEST_CLIENT_IP, ...headers },
      body,
    });
    const text = Buffer.from(await res.arrayBuffer()).toString('latin1');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, text, body: parsed as { code?: string; message?: string } | undefined, type: res.headers.get('content-type') ?? '' };
  }

  function assertConnectAnswer(label: string, res: Awaited<ReturnType<typeof rpc>>) {
    expect({ label, status: res.status < 500 }).toEqual({ label, status: true });
    for (const leak of LEAKS) expect({ label, leak: leak.test(res.text) ? `${leak} in ${res.text.slice(0, 300)}` : null }).toEqual({ label, leak: null });
    // 415 (a content type Connect does not serve) has no body; every other refusal is a Connect error.
    if (res.status >= 400 && res.status !== 415) {
      expect({ label, body: res.body }).toEqual({ label, body: expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) }) });
    }
  }

  const rpcBody = fc.oneof(fc.dictionary(fc.constantFrom(...RPC_FIELDS), wrongValue, { maxKeys: 6 }), fc.jsonValue({ maxDepth: 3 }));

  it.each(methods)('%s: malformed and wrong-typed JSON', async (path) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(malformedJson, rpcBody.map((b) => JSON.stringify(b) ?? 'null')), async (text) => {
        assertConnectAnswer(`${path} <- ${text.slice(0, 120)}`, await rpc(path, text, 'application/json'));
      }),
      { numRuns: 8 },
    );
  });

  it.each(methods)('%s: bytes that are not the protobuf message', async (path, input) => {
    const valid = toBinary(input as DescMessage, create(input as DescMessage, {}));
    const hostileBytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      // Field 1 claiming a length far past the end, a varint that never ends, a group wire type, a field number 0.
      fc.constantFrom(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f), Uint8Array.of(0x08, ...Array(11).fill(0xff)), Uint8Array.of(0x0b), Uint8Array.of(0x00, 0x01), Uint8Array.of(0x12, 0x02, 0xc3, 0x28)),
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map((tail) => Uint8Array.from([...valid, ...tail])),
    );
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(hostileBytes, async (bytes) => {
        const res = await rpc(path, bytes, 'application/proto');
        assertConnectAnswer(`${path} <- ${Buffer.from(bytes).toString('hex').slice(0, 80)}`, res);
        if (res.status >= 400) refused++;
      }),
      { numRuns: 10 },
    );
    // The suite reaches the decoder: a body that cannot be a message is refused as invalid_argument.
    const broken = await rpc(path, Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f), 'application/proto');
    expect([broken.status, broken.body?.code]).toEqual([400, 'invalid_argument']);
    expect(refused).toBeGreaterThan(0);
  });

  it('unknown methods, odd content types and encodings, and bodies over 256 KiB', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...services.map((s) => s.typeName)),
        fc.oneof(weirdString, fc.constantFrom('CheckQuota', 'ValidateToken', 'checkquota', '')),
        fc.constantFrom('application/json', 'application/proto', 'application/connect+proto', 'application/grpc', 'application/grpc-web+proto', 'text/plain', 'application/x-www-form-urlencoded', ''),
        fc.constantFrom<Record<string, string>>({}, { 'content-encoding': 'gzip' }, { 'content-encoding': 'br, zstd' }, { 'connect-timeout-ms': 'soon' }, { 'connect-protocol-version': '7' }),
        async (service, method, type, headers) => {
          const path = `${service}/${encodeURIComponent(method) || 'x'}`;
          assertConnectAnswer(`${path} ${type} ${JSON.stringify(headers)}`, await rpc(path, '{}', type, headers));
        },
      ),
      { numRuns: 25 },
    );
    const huge = await rpc('argus.billing.v1.BillingService/RecordUsage', JSON.stringify({ metric: 'api_calls', metadata: { blob: 'x'.repeat(300 * 1024) } }), 'application/json');
    expect([huge.status, huge.body?.code]).toEqual([429, 'resource_exhausted']);
  });
});

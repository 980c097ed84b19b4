import { AuthService } from '../../shared/rpc/gen/argus/auth/v1/auth_pb';
import { BillingService } from '../../shared/rpc/gen/argus/billing/v1/billing_pb';
import { routes } from '../routes';
import { buildOpenApiDocument } from './build-document';
import { loadRouteSpecs } from './load-route-specs';

/** The RPC routes in the document as generated now (the committed openapi.json is regenerated at merge time). */
describe('the Connect RPC routes in the OpenAPI document', () => {
  const doc = buildOpenApiDocument(routes, loadRouteSpecs(routes), 'test');

  it.each([AuthService, BillingService].map((s) => [s.typeName, s] as const))('%s: every method, its messages in JSON and binary, Connect errors', (_, service) => {
    const op = doc.paths[`/rpc/${service.typeName}/{method}`]?.post;
    expect(op).toBeDefined();
    expect(op!.parameters).toEqual([expect.objectContaining({ name: 'method', in: 'path', schema: { type: 'string', enum: service.methods.map((m) => m.name) } })]);
    expect(Object.keys(op!.requestBody!.content)).toEqual(['application/json', 'application/proto']);
    expect(op!.requestBody!.content['application/json']!.schema).toEqual({ oneOf: service.methods.map((m) => ({ $ref: `#/components/schemas/${m.input.typeName}` })) });
    for (const method of service.methods) {
      for (const message of [method.input, method.output]) {
        const schema = doc.components.schemas[message.typeName] as { properties: Record<string, unknown> };
        expect(Object.keys(schema.properties)).toEqual(message.fields.map((f) => f.jsonName));
      }
    }
    for (const [status, response] of Object.entries(op!.responses)) {
      if (Number(status) >= 400) expect([status, (response as { content: unknown }).content]).toEqual([status, { 'application/json': { schema: { $ref: '#/components/schemas/ConnectError' } } }]);
    }
    expect(Object.keys(op!.responses)).not.toContain('413');
  });

  it('writes Timestamp as an RFC 3339 string and the Tier enum by name', () => {
    const response = doc.components.schemas['argus.billing.v1.CheckQuotaResponse'] as { properties: Record<string, unknown> };
    expect(response.properties.resetAt).toEqual(expect.objectContaining({ type: 'string', format: 'date-time' }));
    const tier = doc.components.schemas['argus.auth.v1.GetUserTierResponse'] as { properties: Record<string, { enum?: string[] }> };
    expect(tier.properties.tier!.enum).toEqual(['TIER_UNSPECIFIED', 'TIER_EXPLORER', 'TIER_PROFESSIONAL', 'TIER_BUSINESS', 'TIER_ENTERPRISE']);
  });
});

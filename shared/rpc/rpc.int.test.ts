import { randomUUID } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { api, eventually, localStack, TEST_CLIENT_IP } from '../../infra/local/testing/local-stack';
import { createApiKey, newMemberOf, newUser, serviceApiKey, type TestUser } from '../../infra/local/testing/users';
import { argusErrorInfo, createArgusRpcClients } from '../client/argus-rpc-client';
import { Tier } from './gen/argus/auth/v1/auth_pb';
import { CheckQuotaRequestSchema, CheckQuotaResponseSchema } from './gen/argus/billing/v1/billing_pb';

/**
 * The Connect RPC API (CONTRACT §9) against the local stack, through @connectrpc/connect-node's client in both
 * encodings: every method answers, and each Connect code the contract lists is produced by a refused call (`internal`,
 * which needs a broken database, is proven in rpc-handler.test.ts).
 */
const clients = (credential: string, binary: boolean) => createArgusRpcClients({ apiUrl: localStack().apiUrl, credential, binary });

async function refusal(call: Promise<unknown>): Promise<{ code: Code; contractCode?: string; fields: string[]; requestId?: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectError)) throw new Error(`expected a ConnectError, got ${String(error)}`);
  const info = argusErrorInfo(error);
  return { code: error.code, contractCode: info?.code, fields: info?.fieldViolations.map((f) => f.path) ?? [], requestId: info?.requestId };
}

describe.each([
  ['JSON', false],
  ['binary protobuf', true],
])('Connect RPC over %s', (_, binary) => {
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let orgKey: string;
  let readKey: string;

  beforeAll(async () => {
    owner = await newUser();
    [member, outsider, orgKey, readKey] = await Promise.all([
      newMemberOf(owner.token, owner.orgId, 'member'),
      newUser(),
      createApiKey(owner.token, owner.orgId, ['read', 'quota:check', 'usage:write']),
      createApiKey(owner.token, owner.orgId, ['read']),
    ]);
  }, 120_000);

  it('AuthService: ValidateToken, GetUser, GetUserTier, CheckEntitlement', async () => {
    const service = clients(serviceApiKey(), binary);
    const validated = await service.auth.validateToken({ token: owner.token });
    expect(validated).toMatchObject({ userId: owner.userId, email: owner.email, tier: Tier.EXPLORER, orgId: owner.orgId, planId: 'explorer' });
    expect(timestampDate(validated.expiresAt!).getTime()).toBeGreaterThan(Date.now());

    const me = await clients(owner.token, binary).auth.getUser({});
    expect(me).toMatchObject({ userId: owner.userId, email: owner.email, defaultOrgId: owner.orgId });
    expect(me.orgs).toEqual([expect.objectContaining({ orgId: owner.orgId, role: 'owner', planId: 'explorer', tier: Tier.EXPLORER })]);

    // Only user_id: the user's default org (their sign-up org).
    const tier = await service.auth.getUserTier({ userId: owner.userId });
    expect(tier).toMatchObject({ tier: Tier.EXPLORER, rateLimit: 100, orgId: owner.orgId, planId: 'explorer' });
    expect(tier.features).toEqual(expect.arrayContaining(['api_access', 'basic_predictions']));
    // A member's own token, no ids: their default org is their own sign-up org, not the one they joined.
    expect((await clients(member.token, binary).auth.getUserTier({})).orgId).toBe(member.orgId);

    const readOnly = clients(readKey, binary);
    expect(await readOnly.auth.checkEntitlement({ orgId: owner.orgId, feature: 'api_access' })).toMatchObject({ allowed: true, reason: 'included', planId: 'explorer' });
    expect(await readOnly.auth.checkEntitlement({ feature: 'webhooks' })).toMatchObject({ allowed: false, reason: 'not_in_plan', orgId: owner.orgId });
  });

  it('BillingService: GetSubscription, CheckQuota (check and consume), RecordUsage, GetCustomer', async () => {
    const key = clients(orgKey, binary);
    const subscription = await key.billing.getSubscription({ userId: owner.userId });
    expect(subscription).toMatchObject({ orgId: owner.orgId, planId: 'explorer', tier: Tier.EXPLORER, status: 'active', cancelAtPeriodEnd: false });
    expect(subscription.currentPeriodEnd).toBeUndefined();

    const check = await key.billing.checkQuota({ resource: 'agent_executions', requested: 5 });
    expect(check).toMatchObject({ allowed: true, used: 0, limit: 100, remaining: 100, duplicate: false });
    expect(timestampDate(check.resetAt!).getTime()).toBeGreaterThan(Date.now());
    expect((await key.billing.checkQuota({ resource: 'agent_executions', requested: 101 })).allowed).toBe(false);

    const id = `rpc-${randomUUID()}`;
    expect(await key.billing.checkQuota({ resource: 'agent_executions', requested: 3, consume: true, id })).toMatchObject({ allowed: true, used: 3, remaining: 97 });
    expect(await key.billing.checkQuota({ resource: 'agent_executions', requested: 3, consume: true, id })).toMatchObject({ allowed: true, used: 3, duplicate: true });

    const recorded = await key.billing.recordUsage({ metric: 'agent_executions', quantity: 2, id: `rpc-${randomUUID()}`, metadata: { source: 'rpc-test' } });
    expect(recorded).toMatchObject({ success: true, orgId: owner.orgId });
    expect(recorded.totalUsage).toBeGreaterThanOrEqual(3);
    // Counted once, within seconds (the queue and the aggregator), as over REST.
    const after = await eventually(() => key.billing.checkQuota({ resource: 'agent_executions', requested: 1 }), (a) => a.used === 5);
    expect(after.used).toBe(5);

    const customer = await clients(member.token, binary).billing.getCustomer({ orgId: owner.orgId });
    expect(customer).toEqual(expect.objectContaining({ orgId: owner.orgId, customerId: '', email: owner.email, planId: 'explorer', tier: Tier.EXPLORER, status: 'active' }));
  });

  it('refuses with unauthenticated, permission_denied, not_found, invalid_argument, already_exists and resource_exhausted', async () => {
    const service = clients(serviceApiKey(), binary);
    // unauthenticated: no credential at all, and a token that is not one (the message says which).
    expect((await refusal(createArgusRpcClients({ apiUrl: localStack().apiUrl, credential: '', binary }).billing.checkQuota({ orgId: owner.orgId, resource: 'api_calls', requested: 1 }))).code).toBe(Code.Unauthenticated);
    expect(await refusal(service.auth.validateToken({ token: 'not-a-token' }))).toMatchObject({ code: Code.Unauthenticated, contractCode: 'unauthorized' });
    expect(await refusal(service.auth.validateToken({ token: owner.idToken }))).toMatchObject({ code: Code.Unauthenticated, contractCode: 'unauthorized' });

    // permission_denied: a member consuming, a read-only key recording usage, a key asking for a user's profile.
    expect(await refusal(clients(member.token, binary).billing.checkQuota({ orgId: owner.orgId, resource: 'api_calls', requested: 1, consume: true }))).toMatchObject({ code: Code.PermissionDenied, contractCode: 'forbidden' });
    expect(await refusal(clients(readKey, binary).billing.recordUsage({ metric: 'api_calls', quantity: 1 }))).toMatchObject({ code: Code.PermissionDenied, contractCode: 'forbidden' });
    expect(await refusal(clients(orgKey, binary).auth.getUser({}))).toMatchObject({ code: Code.PermissionDenied });
    // An org key naming another org: 403, as over REST.
    expect((await refusal(clients(orgKey, binary).billing.getSubscription({ orgId: outsider.orgId }))).code).toBe(Code.PermissionDenied);

    // not_found: a non-member's org, another user's id (a caller may name only itself), an unknown RPC.
    const stranger = clients(outsider.token, binary);
    expect(await refusal(stranger.billing.getSubscription({ orgId: owner.orgId }))).toMatchObject({ code: Code.NotFound, contractCode: 'not_found' });
    expect(await refusal(stranger.auth.getUserTier({ userId: owner.userId }))).toMatchObject({ code: Code.NotFound });
    expect((await refusal(clients(orgKey, binary).auth.getUserTier({ userId: outsider.userId }))).code).toBe(Code.NotFound);

    // invalid_argument with the refused fields named.
    expect(await refusal(service.billing.checkQuota({ orgId: owner.orgId, resource: 'bananas', requested: 1 }))).toMatchObject({ code: Code.InvalidArgument, contractCode: 'validation_failed', fields: ['resource'] });
    expect(await refusal(service.billing.checkQuota({ orgId: owner.orgId, resource: 'api_calls', requested: 1.5 }))).toMatchObject({ code: Code.InvalidArgument, fields: ['requested'] });
    expect(await refusal(service.billing.recordUsage({ orgId: owner.orgId, metric: 'api_calls', quantity: 0 }))).toMatchObject({ code: Code.InvalidArgument, fields: ['quantity'] });
    expect((await refusal(service.auth.getUserTier({}))).code).toBe(Code.InvalidArgument);

    // already_exists: a consume id reused with another quantity (REST: 409 conflict).
    const id = `rpc-${randomUUID()}`;
    await service.billing.checkQuota({ orgId: owner.orgId, resource: 'api_calls', requested: 1, consume: true, id });
    expect(await refusal(service.billing.checkQuota({ orgId: owner.orgId, resource: 'api_calls', requested: 2, consume: true, id }))).toMatchObject({ code: Code.AlreadyExists, contractCode: 'conflict' });

    // resource_exhausted: a message over 256 KiB.
    const huge = await refusal(service.billing.recordUsage({ orgId: owner.orgId, metric: 'api_calls', quantity: 1, metadata: { blob: 'x'.repeat(300 * 1024) } }));
    expect(huge).toMatchObject({ code: Code.ResourceExhausted, contractCode: 'payload_too_large' });
    expect(huge.requestId).toMatch(/.+/);
  });
});

describe('Connect RPC on the wire', () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await newUser();
  }, 60_000);

  it('answers a plain JSON POST as `buf curl` or curl sends it (lowerCamelCase fields, Timestamp as an RFC 3339 string)', async () => {
    const res = await api('/rpc/argus.billing.v1.BillingService/CheckQuota', { token: serviceApiKey(), body: { orgId: owner.orgId, resource: 'api_calls', requested: 1 } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/.+/);
    // Connect's JSON leaves out fields at their zero value (used: 0, duplicate: false).
    expect(res.body).toEqual({ allowed: true, remaining: 1000, resetAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), limit: 1000 });
  });

  it('carries binary protobuf both ways through the base64 step of the gateway event', async () => {
    const request = toBinary(CheckQuotaRequestSchema, create(CheckQuotaRequestSchema, { orgId: owner.orgId, resource: 'llm_tokens', requested: 250 }));
    const res = await fetch(`${localStack().apiUrl}/rpc/argus.billing.v1.BillingService/CheckQuota`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serviceApiKey()}`, 'content-type': 'application/proto', 'x-forwarded-for': TEST_CLIENT_IP },
      body: request,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/proto');
    const answer = fromBinary(CheckQuotaResponseSchema, new Uint8Array(await res.arrayBuffer()));
    expect(answer).toMatchObject({ allowed: true, used: 0, limit: 10_000, remaining: 10_000 });
  });

  it('refuses an unknown method with 404 and a Connect error body', async () => {
    const unknown = await api('/rpc/argus.billing.v1.BillingService/Nope', { token: serviceApiKey(), body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', message: expect.any(String), details: [expect.objectContaining({ type: 'argus.errors.v1.ErrorInfo', debug: expect.objectContaining({ code: 'not_found' }) })] });
  });
});

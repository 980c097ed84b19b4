import { api, eventually } from '../../infra/local/testing/local-stack';
import { createApiKeyRecord, newUser, serviceApiKey } from '../../infra/local/testing/users';

describe('API keys', () => {
  it('shows the key once, lists without secrets, and refuses it after revocation', async () => {
    const owner = await newUser();
    const created = await createApiKeyRecord(owner.token, owner.orgId, ['read', 'quota:check'], 'ci');
    expect(created).toEqual({ id: expect.stringMatching(/^key_/), name: 'ci', key: expect.stringMatching(/^ak_[A-Za-z0-9_-]{43}$/), prefix: created.key.slice(0, 11), scopes: ['read', 'quota:check'], createdAt: expect.any(String) });

    const list = await api(`/v1/orgs/${owner.orgId}/api-keys`, { token: owner.token });
    expect(list.body).toEqual({
      apiKeys: [{ id: created.id, name: 'ci', prefix: created.prefix, scopes: ['read', 'quota:check'], createdAt: created.createdAt, createdBy: { type: 'user', id: owner.userId } }],
      nextCursor: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(created.key);

    const entitlements = await api(`/v1/orgs/${owner.orgId}/entitlements`, { token: created.key });
    expect(entitlements.status).toBe(200);

    expect((await api(`/v1/orgs/${owner.orgId}/api-keys/${created.id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await api(`/v1/orgs/${owner.orgId}/api-keys/${created.id}`, { method: 'DELETE', token: owner.token })).status).toBe(404);
    // Local authorizer cache: 2 s (AWS stages: <= 60 s).
    const refused = await eventually(() => api(`/v1/orgs/${owner.orgId}/entitlements`, { token: created.key }), (r) => r.status === 401, 10_000);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
    expect((await api(`/v1/orgs/${owner.orgId}/api-keys`, { token: owner.token })).body.apiKeys).toEqual([]);
  });

  it("acts on its own org only and needs a route's scope", async () => {
    const a = await newUser();
    const b = await newUser();
    const key = (await createApiKeyRecord(a.token, a.orgId, ['usage:write'])).key;
    const readKey = (await createApiKeyRecord(a.token, a.orgId, ['read'])).key;
    expect((await api(`/v1/orgs/${a.orgId}/entitlements`, { token: key })).status).toBe(403);
    expect((await api(`/v1/orgs/${b.orgId}/entitlements`, { token: readKey })).status).toBe(403);
    expect((await api('/v1/entitlements/check', { body: { orgId: b.orgId, feature: 'webhooks' }, token: readKey })).status).toBe(403);
    expect((await api('/v1/entitlements/check', { body: { orgId: a.orgId, feature: 'webhooks' }, token: key })).status).toBe(403);
    // Keys never reach user-only routes.
    expect((await api(`/v1/orgs/${a.orgId}`, { token: readKey })).status).toBe(401);
    expect((await api('/v1/auth/login', { body: {} })).status).toBe(400);
  });

  it('the platform service key acts on any org', async () => {
    const user = await newUser();
    const res = await api(`/v1/orgs/${user.orgId}/entitlements`, { token: serviceApiKey() });
    expect(res.status).toBe(200);
    const check = await api('/v1/entitlements/check', { body: { orgId: user.orgId, feature: 'api_access' }, token: serviceApiKey() });
    expect(check.body).toEqual({ allowed: true, planId: 'explorer', reason: 'included' });
    expect((await api('/v1/entitlements/check', { body: { orgId: 'org_missing', feature: 'api_access' }, token: serviceApiKey() })).status).toBe(404);
  });
});

describe('entitlements', () => {
  it("lists the plan's features, limits and rate limit; check answers per feature", async () => {
    const user = await newUser();
    const res = await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.planId).toBe('explorer');
    expect(res.body.features).toMatchObject({ api_access: true, webhooks: false });
    expect(res.body.limits.llm_tokens).toEqual({ included: 10_000, capType: 'hard' });
    expect(res.body.rateLimit).toEqual({ requestsPerMinute: 100 });
    const denied = await api('/v1/entitlements/check', { body: { orgId: user.orgId, feature: 'webhooks' }, token: user.token });
    expect(denied.body).toEqual({ allowed: false, planId: 'explorer', reason: 'not_in_plan' });
    const stranger = await newUser();
    expect((await api('/v1/entitlements/check', { body: { orgId: user.orgId, feature: 'webhooks' }, token: stranger.token })).status).toBe(404);
  });
});

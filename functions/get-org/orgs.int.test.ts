import { api } from '../../infra/local/testing/local-stack';
import { addMember, newMemberOf, newUser, signUp } from '../../infra/local/testing/users';

describe('orgs and members', () => {
  it('creates an org with a unique slug, owned by its creator, listed on /v1/me', async () => {
    const user = await newUser();
    const name = `Slug Test ${Date.now()}`;
    const first = await api('/v1/orgs', { body: { name }, token: user.token });
    const second = await api('/v1/orgs', { body: { name }, token: user.token });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^org_/), name, slug: expect.stringMatching(/^slug-test-/), planId: 'explorer', createdAt: expect.any(String), seats: { used: 1, limit: 3 } });
    expect(second.status).toBe(201);
    expect(second.body.slug).not.toBe(first.body.slug);
    const me = await api('/v1/me', { token: user.token });
    expect(me.body.orgs.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([user.orgId, first.body.id, second.body.id]));
    expect(me.body.orgs[0].id).toBe(user.orgId);
    expect((await api(`/v1/orgs/${first.body.id}`, { token: user.token })).body.seats).toEqual({ used: 1, limit: 3 });
  });

  it('a second user gets 404 on the first user\'s org, then 403 on admin actions once added as member', async () => {
    const owner = await newUser();
    const other = await newUser();
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: other.token })).status).toBe(404);
    await addMember(owner.token, owner.orgId, other.email, 'member');
    const org = await api(`/v1/orgs/${owner.orgId}`, { token: other.token });
    expect(org.status).toBe(200);
    expect(org.body.seats).toEqual({ used: 2, limit: 3 });
    const add = await api(`/v1/orgs/${owner.orgId}/members`, { body: { email: (await signUp()).email, role: 'member' }, token: other.token });
    expect(add.status).toBe(403);
    const members = await api(`/v1/orgs/${owner.orgId}/members`, { token: other.token });
    expect(members.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.userId, 'owner'],
      [other.userId, 'member'],
    ]);
  });

  it('enforces the seat limit with 402 upgrade_required and frees the seat on removal', async () => {
    const owner = await newUser();
    const a = await newMemberOf(owner.token, owner.orgId, 'admin');
    const b = await newMemberOf(owner.token, owner.orgId, 'member');
    const extra = await signUp();
    const full = await api(`/v1/orgs/${owner.orgId}/members`, { body: { email: extra.email, role: 'member' }, token: a.token });
    expect(full.status).toBe(402);
    expect(full.body.error.code).toBe('upgrade_required');

    expect((await api(`/v1/orgs/${owner.orgId}/members/${b.userId}`, { method: 'DELETE', token: a.token })).status).toBe(204);
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: b.token })).status).toBe(404);
    expect((await api(`/v1/orgs/${owner.orgId}/members`, { body: { email: extra.email, role: 'member' }, token: a.token })).status).toBe(201);
  });

  it('refuses duplicates (409), unknown emails (404), admins making owners (403) and removing the last owner (409)', async () => {
    const owner = await newUser();
    const admin = await newMemberOf(owner.token, owner.orgId, 'admin');
    const url = `/v1/orgs/${owner.orgId}/members`;
    expect((await api(url, { body: { email: admin.email, role: 'member' }, token: owner.token })).status).toBe(409);
    expect((await api(url, { body: { email: 'nobody-here@example.test', role: 'member' }, token: owner.token })).status).toBe(404);
    expect((await api(url, { body: { email: (await signUp()).email, role: 'owner' }, token: admin.token })).status).toBe(403);
    expect((await api(`${url}/${owner.userId}`, { method: 'DELETE', token: admin.token })).status).toBe(403);
    const last = await api(`${url}/${owner.userId}`, { method: 'DELETE', token: owner.token });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('conflict');
    expect((await api(`${url}/not-a-member`, { method: 'DELETE', token: owner.token })).status).toBe(404);
  });

  it('answers malformed bodies with 400 and field details', async () => {
    const owner = await newUser();
    for (const [path, body] of [
      ['/v1/orgs', { name: '' }],
      [`/v1/orgs/${owner.orgId}/members`, { email: 'not-an-email', role: 'king' }],
      [`/v1/orgs/${owner.orgId}/api-keys`, { name: 5, scopes: ['admin'] }],
      ['/v1/entitlements/check', { orgId: owner.orgId, feature: 'teleport' }],
    ] as const) {
      const res = await api(path, { body, token: owner.token });
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 400, code: 'validation_failed' });
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    const notJson = await api(`/v1/orgs/${owner.orgId}/members`, { rawBody: '{', headers: { 'content-type': 'application/json' }, token: owner.token });
    expect(notJson.body.error.code).toBe('invalid_json');
  });
});

import { api } from '../../infra/local/testing/local-stack';
import { addMember, newUser, signUp } from '../../infra/local/testing/users';

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

  it("a second user gets 404 on the first user's org, then 403 on admin actions once a member", async () => {
    const owner = await newUser();
    const other = await newUser();
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: other.token })).status).toBe(404);
    await addMember(owner.token, owner.orgId, other, 'member');
    const org = await api(`/v1/orgs/${owner.orgId}`, { token: other.token });
    expect(org.status).toBe(200);
    expect(org.body.seats).toEqual({ used: 2, limit: 3 });
    const add = await api(`/v1/orgs/${owner.orgId}/invitations`, { body: { email: (await signUp()).email, role: 'member' }, token: other.token });
    expect(add.status).toBe(403);
    const members = await api(`/v1/orgs/${owner.orgId}/members`, { token: other.token });
    expect(new Set(members.body.members.map((m: { userId: string; role: string }) => `${m.userId}:${m.role}`))).toEqual(new Set([`${owner.userId}:owner`, `${other.userId}:member`]));
    expect(members.body.nextCursor).toBeNull();
  });

  it('direct adds are gone: POST .../members is not a route', async () => {
    const owner = await newUser();
    const res = await api(`/v1/orgs/${owner.orgId}/members`, { body: { email: (await signUp()).email, role: 'member' }, token: owner.token });
    expect(res.status).toBeGreaterThanOrEqual(404);
    expect(res.status).toBeLessThan(406);
  });

  it('answers malformed bodies with 400 and field details', async () => {
    const owner = await newUser();
    for (const [path, body] of [
      ['/v1/orgs', { name: '' }],
      [`/v1/orgs/${owner.orgId}/invitations`, { email: 'not-an-email', role: 'king' }],
      [`/v1/orgs/${owner.orgId}/api-keys`, { name: 5, scopes: ['admin'] }],
      ['/v1/entitlements/check', { orgId: owner.orgId, feature: 'teleport' }],
    ] as const) {
      const res = await api(path, { body, token: owner.token });
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 400, code: 'validation_failed' });
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    const notJson = await api(`/v1/orgs/${owner.orgId}/invitations`, { rawBody: '{', headers: { 'content-type': 'application/json' }, token: owner.token });
    expect(notJson.body.error.code).toBe('invalid_json');
  });
});

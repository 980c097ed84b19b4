import { api } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser } from '../../infra/local/testing/users';

const member = (orgId: string, userId: string) => `/v1/orgs/${orgId}/members/${userId}`;
const setRole = (orgId: string, userId: string, role: string, token: string) => api(member(orgId, userId), { method: 'PATCH', body: { role }, token });
const remove = (orgId: string, userId: string, token: string) => api(member(orgId, userId), { method: 'DELETE', token });
const roles = async (orgId: string, token: string) =>
  Object.fromEntries((await api(`/v1/orgs/${orgId}/members`, { token })).body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]));

describe('role changes', () => {
  it('admins change members and admins; only owners grant or take owner', async () => {
    const owner = await newUser();
    const admin = await newMemberOf(owner.token, owner.orgId, 'admin');
    const plain = await newMemberOf(owner.token, owner.orgId, 'member');

    const promoted = await setRole(owner.orgId, plain.userId, 'admin', admin.token);
    expect(promoted.status).toBe(200);
    expect(promoted.body).toEqual({ userId: plain.userId, email: plain.email, name: null, role: 'admin', joinedAt: expect.any(String) });
    expect((await setRole(owner.orgId, plain.userId, 'member', admin.token)).body.role).toBe('member');

    for (const [target, role] of [[plain.userId, 'owner'], [owner.userId, 'admin']] as const) {
      const res = await setRole(owner.orgId, target, role, admin.token);
      expect({ target, status: res.status, code: res.body.error?.code }).toEqual({ target, status: 403, code: 'forbidden' });
    }
    expect((await setRole(owner.orgId, plain.userId, 'admin', plain.token)).status).toBe(403);
    expect((await setRole(owner.orgId, 'usr_not_here', 'admin', owner.token)).status).toBe(404);
    expect((await setRole(owner.orgId, plain.userId, 'king', owner.token)).status).toBe(400);

    expect((await setRole(owner.orgId, admin.userId, 'owner', owner.token)).body.role).toBe('owner');
    expect(await roles(owner.orgId, owner.token)).toEqual({ [owner.userId]: 'owner', [admin.userId]: 'owner', [plain.userId]: 'member' });
    // Setting the role a member has is a no-op answer.
    expect((await setRole(owner.orgId, plain.userId, 'member', owner.token)).status).toBe(200);
  });

  it('the last owner keeps the role (409), even when two owners demote each other at once', async () => {
    const owner = await newUser();
    const last = await setRole(owner.orgId, owner.userId, 'admin', owner.token);
    expect({ status: last.status, code: last.body.error.code }).toEqual({ status: 409, code: 'conflict' });

    const second = await newMemberOf(owner.token, owner.orgId, 'owner');
    const results = await Promise.all([setRole(owner.orgId, second.userId, 'member', owner.token), setRole(owner.orgId, owner.userId, 'member', second.token)]);
    // One wins. The other is refused: 409 when both ran side by side (the last-owner condition), or 403 when the
    // winner finished first and the loser is no longer an owner by the time its own role is checked.
    const [won, lost] = results.map((r) => r.status).sort();
    expect(won).toBe(200);
    expect([403, 409]).toContain(lost);
    expect(Object.values(await roles(owner.orgId, results[0].status === 200 ? owner.token : second.token)).filter((r) => r === 'owner')).toHaveLength(1);
  });
});

describe('removing and leaving', () => {
  it('a member may leave; members cannot remove others; admins cannot remove owners', async () => {
    const owner = await newUser();
    const admin = await newMemberOf(owner.token, owner.orgId, 'admin');
    const a = await newMemberOf(owner.token, owner.orgId, 'member');
    expect((await remove(owner.orgId, admin.userId, a.token)).status).toBe(403);
    // A member probing for someone who is not in the org learns nothing either.
    expect((await remove(owner.orgId, 'usr_someone', a.token)).status).toBe(403);
    expect((await remove(owner.orgId, owner.userId, admin.token)).status).toBe(403);

    expect((await remove(owner.orgId, a.userId, a.token)).status).toBe(204);
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: a.token })).status).toBe(404);
    expect((await api('/v1/me', { token: a.token })).body.orgs.map((o: { id: string }) => o.id)).not.toContain(owner.orgId);
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: owner.token })).body.seats.used).toBe(2);

    expect((await remove(owner.orgId, admin.userId, admin.token)).status).toBe(204);
    expect((await remove(owner.orgId, 'usr_gone', owner.token)).status).toBe(404);
  });

  it('the last owner can neither leave nor be removed; two owners leaving at once leave one behind', async () => {
    const owner = await newUser();
    const leave = await remove(owner.orgId, owner.userId, owner.token);
    expect({ status: leave.status, code: leave.body.error.code }).toEqual({ status: 409, code: 'conflict' });

    const second = await newMemberOf(owner.token, owner.orgId, 'owner');
    const results = await Promise.all([remove(owner.orgId, owner.userId, owner.token), remove(owner.orgId, second.userId, second.token)]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    const stayed = results[0].status === 409 ? owner : second;
    expect(await roles(owner.orgId, stayed.token)).toEqual({ [stayed.userId]: 'owner' });
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: stayed.token })).body.seats.used).toBe(1);
  });
});

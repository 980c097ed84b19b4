import { api } from '../../infra/local/testing/local-stack';
import { addMember, newUser } from '../../infra/local/testing/users';

describe('orgs per user', () => {
  it('a user creates at most 20 orgs (the sign-up org included, joined orgs not), even when racing', async () => {
    const other = await newUser();
    const user = await newUser();
    await addMember(other.token, other.orgId, user);
    // 19 more are allowed; 22 at once must yield exactly 19.
    const results = await Promise.all(Array.from({ length: 22 }, (_, i) => api('/v1/orgs', { body: { name: `Limit ${i} ${user.userId}` }, token: user.token })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(19);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.error.code])).toEqual([
      [409, 'conflict'],
      [409, 'conflict'],
      [409, 'conflict'],
    ]);
    const twentyFirst = await api('/v1/orgs', { body: { name: 'One more' }, token: user.token });
    expect({ status: twentyFirst.status, code: twentyFirst.body.error.code }).toEqual({ status: 409, code: 'conflict' });
    expect(twentyFirst.body.error.message).toMatch(/20 orgs/);
    const me = await api('/v1/me', { token: user.token });
    expect(me.body.orgs).toHaveLength(21); // 20 created + 1 joined
    // The limit is per user: the other user is unaffected.
    expect((await api('/v1/orgs', { body: { name: 'Unaffected' }, token: other.token })).status).toBe(201);
  });
});

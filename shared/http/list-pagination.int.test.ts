import { api, type ApiResponse } from '../../infra/local/testing/local-stack';
import { addMember, createApiKeyRecord, invite, newUser, uniqueEmail, type TestUser } from '../../infra/local/testing/users';

/** Follows `nextCursor` with `limit` until null; returns each page's ids. */
async function pages(path: string, key: string, token: string, limit: number): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await api(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([key, 'nextCursor'].sort());
    out.push(res.body[key].map((item: { id?: string; userId?: string }) => item.id ?? item.userId));
    cursor = res.body.nextCursor;
    expect(out.length).toBeLessThan(20);
  } while (cursor !== null);
  return out;
}

/** Every list: pages of `limit`, the last one short (or full) with nextCursor null, nothing repeated or lost. */
async function expectPaged(path: string, key: string, token: string, all: string[]) {
  const byTwo = await pages(path, key, token, 2);
  expect(byTwo.map((p) => p.length)).toEqual(Array.from({ length: Math.ceil(all.length / 2) }, (_, i) => Math.min(2, all.length - 2 * i)));
  expect(byTwo.flat().sort()).toEqual([...all].sort());
  const whole = await api(path, { token });
  expect(whole.body.nextCursor).toBeNull();
  expect(whole.body[key].map((item: { id?: string; userId?: string }) => item.id ?? item.userId)).toEqual(byTwo.flat());
}

let owner: TestUser;
beforeAll(async () => {
  owner = await newUser();
});

describe('every list route pages (CONTRACT §1)', () => {
  it('members', async () => {
    const others = await Promise.all([newUser(), newUser()]);
    for (const user of others) await addMember(owner.token, owner.orgId, user);
    await expectPaged(`/v1/orgs/${owner.orgId}/members`, 'members', owner.token, [owner.userId, ...others.map((u) => u.userId)]);
  });

  it('invitations (open ones only)', async () => {
    const org = await newUser();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await invite(org.token, org.orgId, uniqueEmail('page')));
    const withdrawn = ids.pop()!;
    expect((await api(`/v1/orgs/${org.orgId}/invitations/${withdrawn}`, { method: 'DELETE', token: org.token })).status).toBe(204);
    await expectPaged(`/v1/orgs/${org.orgId}/invitations`, 'invitations', org.token, ids);
  });

  it("the invitee's invitations", async () => {
    const invitee = await newUser();
    const orgs = await Promise.all([newUser(), newUser(), newUser()]);
    const ids = await Promise.all(orgs.map((o) => invite(o.token, o.orgId, invitee.email)));
    await expectPaged('/v1/me/invitations', 'invitations', invitee.token, ids);
  });

  it('API keys (active ones only)', async () => {
    const org = await newUser();
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => createApiKeyRecord(org.token, org.orgId)));
    expect((await api(`/v1/orgs/${org.orgId}/api-keys/${keys[2].id}`, { method: 'DELETE', token: org.token })).status).toBe(204);
    await expectPaged(`/v1/orgs/${org.orgId}/api-keys`, 'apiKeys', org.token, keys.filter((_, i) => i !== 2).map((k) => k.id));
  });

  it('licenses', async () => {
    const org = await newUser();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api(`/v1/orgs/${org.orgId}/licenses`, { body: {}, token: org.token })).body.id);
    await expectPaged(`/v1/orgs/${org.orgId}/licenses`, 'licenses', org.token, ids);
  });

  it('refuses bad limits and cursors, including a cursor of another list or org, with 400', async () => {
    const other = await newUser();
    const memberCursor = (await api(`/v1/orgs/${owner.orgId}/members?limit=1`, { token: owner.token })).body.nextCursor as string;
    const cases: [string, string][] = [
      ['members', 'limit=0'],
      ['members', 'limit=101'],
      ['members', 'limit=abc'],
      ['members', 'cursor=%25%25%25'],
      ['members', 'cursor=eyJ2IjoxfQ'],
      // A members cursor on the licenses list.
      ['licenses', `cursor=${memberCursor}`],
    ];
    for (const [list, query] of cases) {
      const res = await api(`/v1/orgs/${owner.orgId}/${list}?${query}`, { token: owner.token });
      expect({ list, query, status: res.status, code: res.body.error?.code }).toEqual({ list, query, status: 400, code: 'validation_failed' });
    }
    // A member cursor replayed on another org's member list only names a position: it reads that org's members, never another's.
    const replay = await api(`/v1/orgs/${other.orgId}/members?cursor=${memberCursor}`, { token: other.token });
    expect(replay.status).toBe(200);
    for (const m of replay.body.members) expect(m.userId).toBe(other.userId);
  });
});

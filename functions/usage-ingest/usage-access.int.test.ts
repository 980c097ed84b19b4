import { randomUUID } from 'node:crypto';
import { roomInCurrentMinute } from '../../infra/local/testing/bursts';
import { api } from '../../infra/local/testing/local-stack';
import { createApiKey, newMemberOf, newUser, serviceApiKey, type TestUser } from '../../infra/local/testing/users';
import { MAX_ORGS_PER_USAGE_REQUEST } from '../../shared/usage/request-orgs';

/** CONTRACT §3: usage and consumes need a key with the scope or an admin's or owner's token; members read only. */
describe('who may record usage and consume quota', () => {
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let writeKey: string;
  let checkKey: string;
  let readKey: string;

  beforeAll(async () => {
    owner = await newUser();
    [admin, member, outsider] = await Promise.all([newMemberOf(owner.token, owner.orgId, 'admin'), newMemberOf(owner.token, owner.orgId, 'member'), newUser()]);
    [writeKey, checkKey, readKey] = await Promise.all([
      createApiKey(owner.token, owner.orgId, ['usage:write']),
      createApiKey(owner.token, owner.orgId, ['quota:check']),
      createApiKey(owner.token, owner.orgId, ['read', 'quota:check']),
    ]);
  }, 120_000);

  const event = (orgId = owner.orgId) => ({ id: randomUUID(), orgId, metric: 'api_calls', quantity: 1 });
  const post = (token: string, events = [event()]) => api('/v1/usage', { token, body: { events } });
  const check = (token: string, consume?: boolean) =>
    api('/v1/quota/check', { token, body: { orgId: owner.orgId, metric: 'api_calls', quantity: 1, ...(consume === undefined ? {} : { consume, id: randomUUID() }) } });

  it('POST /v1/usage: owners, admins, keys with usage:write and the platform key record; a member is refused 403, an outsider 404', async () => {
    for (const token of [owner.token, admin.token, writeKey, serviceApiKey()]) {
      const res = await post(token);
      expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: { accepted: 1, rejected: [] } });
    }
    const byMember = await post(member.token);
    expect(byMember.status).toBe(403);
    expect(byMember.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/usage:write.*admin/) });
    expect((await post(outsider.token)).body.error.code).toBe('not_found');
    expect((await post(readKey)).status).toBe(403);
  });

  it('refuses the whole request when one named org is not the caller’s (nothing of it is accepted)', async () => {
    const mixed = await post(owner.token, [event(), event(outsider.orgId)]);
    expect(mixed.status).toBe(404);
    const otherOrgKey = await post(writeKey, [event(), event(outsider.orgId)]);
    expect(otherOrgKey.status).toBe(403);
    expect(otherOrgKey.body.error.message).toMatch(/another org/);
  });

  it(`caps a request at ${MAX_ORGS_PER_USAGE_REQUEST} distinct orgs`, async () => {
    const events = Array.from({ length: MAX_ORGS_PER_USAGE_REQUEST + 1 }, (_, i) => event(`org_${i}`));
    const res = await post(serviceApiKey(), events);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.events', message: expect.stringContaining(String(MAX_ORGS_PER_USAGE_REQUEST)) }] });
    // At the cap the platform key is answered per event: orgs that do not exist are rejected, not refused.
    const atCap = await post(serviceApiKey(), [event(), ...Array.from({ length: MAX_ORGS_PER_USAGE_REQUEST - 1 }, (_, i) => event(`org_missing_${i}`))]);
    expect(atCap.status).toBe(202);
    expect(atCap.body.accepted).toBe(1);
    expect(atCap.body.rejected.map((r: { error: string }) => r.error)).toEqual(Array(MAX_ORGS_PER_USAGE_REQUEST - 1).fill('unknown_org'));
  });

  it('POST /v1/quota/check with consume: owners, admins and quota:check keys; members only check', async () => {
    for (const token of [owner.token, admin.token, checkKey]) expect((await check(token, true)).status).toBe(200);
    const consumed = await check(member.token, true);
    expect(consumed.status).toBe(403);
    expect(consumed.body.error.message).toMatch(/quota:check.*admin/);
    expect((await check(member.token, false)).status).toBe(200);
    expect((await check(member.token)).status).toBe(200);
    expect((await check(outsider.token, true)).status).toBe(404);
  });
});

describe("the body's org pays, whatever the body's size or encoding", () => {
  it('charges padded and base64-encoded quota checks of a member to the org, not to the member’s own budget', async () => {
    const owner = await newUser();
    const member = await newMemberOf(owner.token, owner.orgId);
    await roomInCurrentMinute(15);
    const body = (pad: number) => JSON.stringify({ orgId: owner.orgId, metric: 'api_calls', quantity: 1, pad: 'x'.repeat(pad) });
    const remaining = (res: { headers: Headers }) => Number(res.headers.get('ratelimit-remaining'));

    const first = await api('/v1/quota/check', { token: owner.token, rawBody: body(0), headers: { 'content-type': 'application/json' } });
    expect(first.status).toBe(200);
    const padded = await api('/v1/quota/check', { token: member.token, rawBody: body(64 * 1024), headers: { 'content-type': 'application/json' } });
    expect(padded.status).toBe(200);
    // The member's own budget is untouched (it would read 99): the org's went down by one more.
    expect(remaining(padded)).toBe(remaining(first) - 1);
    const encoded = await api('/v1/quota/check', { token: member.token, rawBody: body(32 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    expect(encoded.status).toBe(200);
    expect(remaining(encoded)).toBe(remaining(first) - 2);
  }, 90_000);
});

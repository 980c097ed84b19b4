import { randomUUID } from 'node:crypto';
import { api } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser, type TestUser } from '../../infra/local/testing/users';
import { checksum } from '../../shared/licenses/license-key';

const KEY_FORMAT = /^ARGUS-EXPLORER-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{4}$/;

const issue = async (owner: TestUser, body: Record<string, unknown> = {}) => {
  const res = await api(`/v1/orgs/${owner.orgId}/licenses`, { token: owner.token, body });
  expect(res.status).toBe(201);
  return res.body as { id: string; key: string; planId: string; maxDevices: number | null; expiresAt: string | null };
};
const validate = (licenseKey: string, machineId = 'machine-1') => api('/v1/licenses/validate', { body: { licenseKey, machineId, version: '1.2.3' } });

/** Typo'd, made-up and revoked keys, then the device limit, fill the per-IP budget at most a third of the way. */
describe('licenses', () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await newUser();
  });

  it('issues a license once with its key, lists without keys, and validates it with what the plan grants', async () => {
    const license = await issue(owner, { maxDevices: 5 });
    expect(license).toMatchObject({ id: expect.stringMatching(/^lic_/), planId: 'explorer', maxDevices: 5, expiresAt: null });
    expect(license.key).toMatch(KEY_FORMAT);

    const list = await api(`/v1/orgs/${owner.orgId}/licenses`, { token: owner.token });
    const listed = list.body.licenses.find((l: { id: string }) => l.id === license.id);
    expect(listed).toMatchObject({ planId: 'explorer', keyHint: license.key.slice(-10), maxDevices: 5, devices: 0, status: 'active' });
    expect(JSON.stringify(list.body)).not.toContain(license.key);

    const res = await validate(license.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, planId: 'explorer', expiresAt: null, features: { api_access: true, webhooks: false } });
    expect(res.body.quotas.agent_executions).toEqual({ included: 100, capType: 'hard' });
    expect(Date.parse(res.body.cachedUntil)).toBeGreaterThan(Date.now());
    expect(res.headers.get('ratelimit-limit')).toBeTruthy();
    // Case and blanks are forgiven.
    expect((await validate(`  ${license.key.toLowerCase()} `)).body.valid).toBe(true);
  });

  it('answers unknown for typos, well-formed made-up keys and garbage', async () => {
    const { key } = await issue(owner);
    const typo = key.slice(0, 20) + (key[20] === '7' ? '8' : '7') + key.slice(21);
    expect((await validate(typo)).body).toEqual({ valid: false, reason: 'unknown' });
    const body = 'ARGUS-EXPLORER-AAAAA-BBBBB-CCCCC';
    expect((await validate(`${body}-${checksum(body)}`)).body).toEqual({ valid: false, reason: 'unknown' });
    expect((await validate('not a key')).body).toEqual({ valid: false, reason: 'unknown' });
  });

  it('answers revoked after DELETE, and expired after expiresAt', async () => {
    const revoked = await issue(owner);
    expect((await validate(revoked.key)).body.valid).toBe(true);
    expect((await api(`/v1/orgs/${owner.orgId}/licenses/${revoked.id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await validate(revoked.key)).body).toEqual({ valid: false, reason: 'revoked' });
    expect((await api(`/v1/orgs/${owner.orgId}/licenses/lic_nope`, { method: 'DELETE', token: owner.token })).status).toBe(404);

    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const expiring = await issue(owner, { expiresAt });
    const fresh = await validate(expiring.key);
    expect(fresh.body).toMatchObject({ valid: true, expiresAt, cachedUntil: expiresAt });
    await new Promise((r) => setTimeout(r, 1600));
    expect((await validate(expiring.key)).body).toEqual({ valid: false, reason: 'expired' });

    expect((await api(`/v1/orgs/${owner.orgId}/licenses`, { token: owner.token, body: { expiresAt: '2001-01-01T00:00:00Z' } })).status).toBe(400);
  });

  it('counts distinct machines against maxDevices: the same machine twice takes one seat', async () => {
    const { key } = await issue(owner, { maxDevices: 2 });
    expect((await validate(key, 'a')).body.valid).toBe(true);
    expect((await validate(key, 'b')).body.valid).toBe(true);
    expect((await validate(key, 'a')).body.valid).toBe(true);
    expect((await validate(key, 'c')).body).toEqual({ valid: false, reason: 'device_limit' });
    expect((await validate(key, 'b')).body.valid).toBe(true);
  });

  it('never lets concurrent activations of different machines exceed maxDevices', async () => {
    const license = await issue(owner, { maxDevices: 3 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => validate(license.key, `m-${i}`)));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(results.filter((r) => r.body.valid)).toHaveLength(3);
    expect(results.filter((r) => !r.body.valid).every((r) => r.body.reason === 'device_limit')).toBe(true);
    const list = await api(`/v1/orgs/${owner.orgId}/licenses`, { token: owner.token });
    expect(list.body.licenses.find((l: { id: string }) => l.id === license.id).devices).toBe(3);
  });

  it('lets admins issue and revoke, members only list, outsiders nothing', async () => {
    const member = await newMemberOf(owner.token, owner.orgId, 'member');
    const outsider = await newUser();
    expect((await api(`/v1/orgs/${owner.orgId}/licenses`, { token: member.token })).status).toBe(200);
    expect((await api(`/v1/orgs/${owner.orgId}/licenses`, { token: member.token, body: {} })).status).toBe(403);
    expect((await api(`/v1/orgs/${owner.orgId}/licenses`, { token: outsider.token })).status).toBe(404);
    const admin = await newMemberOf(owner.token, owner.orgId, 'admin');
    const byAdmin = await api(`/v1/orgs/${owner.orgId}/licenses`, { token: admin.token, body: {} });
    expect(byAdmin.status).toBe(201);
    expect((await api(`/v1/orgs/${owner.orgId}/licenses/${byAdmin.body.id}`, { method: 'DELETE', token: member.token })).status).toBe(403);
  });

  it('rate limits validation per key (60 a minute) with 429 and Retry-After', async () => {
    const { key } = await issue(owner);
    const intoMinute = (Date.now() / 1000) % 60;
    if (intoMinute > 45) await new Promise((r) => setTimeout(r, (60.2 - intoMinute) * 1000));
    const machine = `rl-${randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => validate(key, machine)))).map((r) => r.status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await validate(key, machine);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  });
});

import '../../infra/local/testing/local-env';
import { api } from '../../infra/local/testing/local-stack';
import { addMember, createApiKey, invite, newMemberOf, newUser, signUp, uniqueEmail, type TestUser } from '../../infra/local/testing/users';
import { auditPut } from '../../shared/audit/audit-log';
import { putInvitation } from '../../shared/db/invitations';

const invitations = (orgId: string) => `/v1/orgs/${orgId}/invitations`;
const accept = (id: string, token: string) => api(`/v1/invitations/${id}/accept`, { method: 'POST', token });
const decline = (id: string, token: string) => api(`/v1/invitations/${id}/decline`, { method: 'POST', token });
type Mail = { to: string; subject: string; text: string; sentAt: string };
/** Invitation mail only: a local sign-up also leaves Cognito's confirmation-code mail in the outbox. */
const mailTo = async (email: string) =>
  ((await api(`/_local/mail?to=${encodeURIComponent(email)}`)).body.mail as Mail[]).filter((m) => m.subject.startsWith('You are invited'));

/** The answer with its per-invitation values (id, email, expiry) blanked: what is left must not depend on the invitee. */
const shape = (text: string, id: string, email: string, expiresAt: string) => text.split(id).join('<id>').split(email).join('<email>').split(expiresAt).join('<expiresAt>');

describe('invitations', () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await newUser({ name: 'Olga Owner', orgName: 'Invite Test Org' });
  });

  it('answers byte-identically for a known and an unknown email, revealing nothing about the invitee, and mails both', async () => {
    const known = await signUp({ name: 'Private Person' });
    const unknownEmail = uniqueEmail('nobody');
    const a = await api(invitations(owner.orgId), { body: { email: known.email, role: 'member' }, token: owner.token });
    const b = await api(invitations(owner.orgId), { body: { email: unknownEmail, role: 'member' }, token: owner.token });
    expect([a.status, b.status]).toEqual([201, 201]);
    const rawA = JSON.stringify(a.body);
    const rawB = JSON.stringify(b.body);
    expect(shape(rawA, a.body.id, known.email, a.body.expiresAt)).toBe(shape(rawB, b.body.id, unknownEmail, b.body.expiresAt));
    expect(a.body).toEqual({ id: expect.stringMatching(/^inv_/), email: known.email, role: 'member', expiresAt: expect.any(String) });
    expect(rawA).not.toContain('Private Person');
    expect(rawA).not.toContain(known.userId);
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());
    // 7-day expiry.
    const days = (Date.parse(a.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    // Both are delivered, the same way.
    const [mailA, mailB] = await Promise.all([mailTo(known.email), mailTo(unknownEmail)]);
    expect(mailA).toHaveLength(1);
    expect(mailB).toHaveLength(1);
    expect(mailA[0].subject).toBe('You are invited to join Invite Test Org on Argus');
    expect(mailA[0].text).toContain(a.body.id);
    expect(shape(mailA[0].text, a.body.id, known.email, a.body.expiresAt)).toBe(shape(mailB[0].text, b.body.id, unknownEmail, b.body.expiresAt));
  });

  it('lets the invitee see, accept (idempotently) and join; the member list shows them with joinedAt', async () => {
    const invitee = await newUser({ name: 'Ivy Invitee' });
    const id = await invite(owner.token, owner.orgId, invitee.email.toUpperCase(), 'admin');
    const mine = await api('/v1/me/invitations', { token: invitee.token });
    expect(mine.status).toBe(200);
    expect(mine.body.invitations).toEqual([{ id, orgId: owner.orgId, orgName: 'Invite Test Org', role: 'admin', expiresAt: expect.any(String) }]);
    expect(mine.body.nextCursor).toBeNull();

    const first = await accept(id, invitee.token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ orgId: owner.orgId, userId: invitee.userId, role: 'admin', joinedAt: expect.any(String) });
    const again = await accept(id, invitee.token);
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });

    expect((await api('/v1/me/invitations', { token: invitee.token })).body.invitations).toEqual([]);
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: invitee.token })).status).toBe(200);
    const members = await api(`/v1/orgs/${owner.orgId}/members`, { token: invitee.token });
    expect(members.body.members).toContainEqual({ userId: invitee.userId, email: invitee.email, name: 'Ivy Invitee', role: 'admin', joinedAt: first.body.joinedAt });
    // Accepted invitations leave the org's list; the seat moved to the member count.
    expect((await api(invitations(owner.orgId), { token: owner.token })).body.invitations.map((i: { id: string }) => i.id)).not.toContain(id);
    await api(`/v1/orgs/${owner.orgId}/members/${invitee.userId}`, { method: 'DELETE', token: owner.token });
  });

  it('finds an invitation only through its own email: another user gets 404 on accept and decline', async () => {
    const invitee = await newUser();
    const stranger = await newUser();
    const id = await invite(owner.token, owner.orgId, invitee.email);
    expect((await accept(id, stranger.token)).status).toBe(404);
    expect((await decline(id, stranger.token)).status).toBe(404);
    expect((await api('/v1/me/invitations', { token: stranger.token })).body.invitations).toEqual([]);
    expect((await accept('inv_does_not_exist', invitee.token)).body.error.code).toBe('not_found');
    // Declining removes it for good.
    expect((await decline(id, invitee.token)).status).toBe(204);
    expect((await decline(id, invitee.token)).status).toBe(404);
    expect((await accept(id, invitee.token)).status).toBe(404);
  });

  it('withdrawn and expired invitations cannot be accepted', async () => {
    const invitee = await newUser();
    const id = await invite(owner.token, owner.orgId, invitee.email);
    expect((await api(`${invitations(owner.orgId)}/${id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await api(`${invitations(owner.orgId)}/${id}`, { method: 'DELETE', token: owner.token })).status).toBe(404);
    expect((await accept(id, invitee.token)).status).toBe(404);

    // An invitation past its 7 days (written as it would stand then; the TTL deletes it later).
    const past = new Date(Date.now() - 60_000);
    await putInvitation({ id: 'inv_expired_test_' + invitee.userId, orgId: owner.orgId, email: invitee.email, role: 'member', invitedBy: owner.userId, createdAt: new Date(past.getTime() - 7 * 86_400_000).toISOString(), expiresAt: past.toISOString(), status: 'pending' }, auditPut({ orgId: owner.orgId, action: 'member.invited', actor: { type: 'user', id: owner.userId }, target: `invitation:inv_expired_test_${invitee.userId}`, at: past }));
    expect((await api('/v1/me/invitations', { token: invitee.token })).body.invitations).toEqual([]);
    expect((await accept('inv_expired_test_' + invitee.userId, invitee.token)).status).toBe(404);
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: invitee.token })).status).toBe(404);
  });

  it('inviting an email again replaces its open invitation (a resend): one open invitation per email and org', async () => {
    const org = await newUser();
    const invitee = await newUser();
    const first = await invite(org.token, org.orgId, invitee.email, 'member');
    const second = await invite(org.token, org.orgId, invitee.email, 'admin');
    expect(second).not.toBe(first);
    expect((await api(invitations(org.orgId), { token: org.token })).body.invitations.map((i: { id: string }) => i.id)).toEqual([second]);
    expect((await api('/v1/me/invitations', { token: invitee.token })).body.invitations.map((i: { id: string; role: string }) => [i.id, i.role])).toEqual([[second, 'admin']]);
    expect((await accept(first, invitee.token)).status).toBe(404);
    expect((await accept(second, invitee.token)).body.role).toBe('admin');
    expect(await mailTo(invitee.email)).toHaveLength(2);
  });

  it('only owners invite owners; an accepted owner invitation makes an owner', async () => {
    const boss = await newUser();
    const admin = await newMemberOf(boss.token, boss.orgId, 'admin');
    const forbidden = await api(invitations(boss.orgId), { body: { email: uniqueEmail(), role: 'owner' }, token: admin.token });
    expect({ status: forbidden.status, code: forbidden.body.error.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await api(invitations(boss.orgId), { body: { email: uniqueEmail(), role: 'admin' }, token: admin.token })).status).toBe(201);
    const coOwner = await newUser();
    await addMember(boss.token, boss.orgId, coOwner, 'owner');
    // Two owners now: the first may leave.
    expect((await api(`/v1/orgs/${boss.orgId}/members/${boss.userId}`, { method: 'DELETE', token: boss.token })).status).toBe(204);
  });

  it('refuses an invitation when every seat is taken (402) and a second acceptance for the last seat, even racing (402)', async () => {
    const full = await newUser(); // explorer: 3 seats
    const [x, y, z] = await Promise.all([newUser(), newUser(), newUser()]);
    await addMember(full.token, full.orgId, x);
    // One seat left, two invitations out: both accept at the same time.
    const [idY, idZ] = [await invite(full.token, full.orgId, y.email), await invite(full.token, full.orgId, z.email)];
    const results = await Promise.all([accept(idY, y.token), accept(idZ, z.token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 402]);
    expect(results.find((r) => r.status === 402)!.body.error.code).toBe('upgrade_required');
    expect((await api(`/v1/orgs/${full.orgId}`, { token: full.token })).body.seats).toEqual({ used: 3, limit: 3 });

    const refused = await api(invitations(full.orgId), { body: { email: uniqueEmail(), role: 'member' }, token: full.token });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 402, code: 'upgrade_required' });
    // A seat freed (a member leaves) lets the other invitation through.
    const loser = results[0].status === 402 ? { id: idY, user: y } : { id: idZ, user: z };
    expect((await api(`/v1/orgs/${full.orgId}/members/${x.userId}`, { method: 'DELETE', token: x.token })).status).toBe(204);
    expect((await accept(loser.id, loser.user.token)).status).toBe(200);
  });

  it('the same invitation accepted many times at once joins once', async () => {
    const org = await newUser();
    const invitee = await newUser();
    const id = await invite(org.token, org.orgId, invitee.email);
    const results = await Promise.all(Array.from({ length: 5 }, () => accept(id, invitee.token)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await api(`/v1/orgs/${org.orgId}`, { token: org.token })).body.seats.used).toBe(2);
  });

  it('an existing member accepting another invitation to the same org gets 409', async () => {
    const org = await newUser();
    const member = await newMemberOf(org.token, org.orgId);
    const id = await invite(org.token, org.orgId, member.email, 'admin');
    const res = await accept(id, member.token);
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 409, code: 'conflict' });
  });

  it("the invitee's routes need a signed-in user: no token or an API key -> 401", async () => {
    const key = await createApiKey(owner.token, owner.orgId, ['read']);
    for (const token of [undefined, key]) {
      expect((await api('/v1/me/invitations', { token })).status).toBe(401);
      expect((await accept('inv_x', token as string)).status).toBe(401);
      expect((await decline('inv_x', token as string)).status).toBe(401);
    }
  });

  it('validates bodies and refuses members', async () => {
    const org = await newUser();
    const member = await newMemberOf(org.token, org.orgId);
    const bad = await api(invitations(org.orgId), { body: { email: 'not-an-email', role: 'king' }, token: org.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.email', 'body.role']);
    expect((await api(invitations(org.orgId), { body: { email: uniqueEmail(), role: 'member' }, token: member.token })).status).toBe(403);
    expect((await api(invitations(org.orgId), { token: member.token })).status).toBe(403);
  });
});

import '../../infra/local/testing/local-env';
import { Secret, TOTP } from 'otpauth';
import { stripeControl, subscribe, waitForSubscription } from '../../infra/local/testing/billing';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { createApiKey, createApiKeyRecord, invite, newUser, type TestUser } from '../../infra/local/testing/users';
import { stripeClientFor } from '../clients/stripe-factory';

interface Entry {
  id: string;
  at: string;
  actor: { type: string; id: string };
  action: string;
  target: string;
  details: Record<string, unknown>;
}

const stripe = stripeClientFor('sk_test_argus_local', localStack().stripe.apiUrl);
const log = (user: TestUser, query = '') => api<{ entries: Entry[]; nextCursor: string | null }>(`/v1/orgs/${user.orgId}/audit-log${query}`, { token: user.token });

/** Every entry, page by page (`limit` per page), checking each page answers 200. */
async function readAll(user: TestUser, query: string, limit: number): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query ? '&' : '';
    const res = await log(user, `?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...res.body.entries);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { entries, pages };
}

const count = (entries: Entry[], action: string) => entries.filter((e) => e.action === action);

describe('audit log', () => {
  it('records each change once with its actor and target, pages newest first, filters by action; admins only', async () => {
    const owner = await newUser({ name: 'Olive' });
    const orgId = owner.orgId;

    // Members: two invited and joined; one made admin, the other leaves.
    const [ann, ben] = [await newUser(), await newUser()];
    const annInvite = await invite(owner.token, orgId, ann.email, 'member');
    const benInvite = await invite(owner.token, orgId, ben.email, 'member');
    expect((await api(`/v1/invitations/${annInvite}/accept`, { method: 'POST', token: ann.token })).status).toBe(200);
    expect((await api(`/v1/invitations/${benInvite}/accept`, { method: 'POST', token: ben.token })).status).toBe(200);
    // A repeated accept answers the same join and records nothing more.
    expect((await api(`/v1/invitations/${annInvite}/accept`, { method: 'POST', token: ann.token })).status).toBe(200);
    expect((await api(`/v1/orgs/${orgId}/members/${ann.userId}`, { method: 'PATCH', token: owner.token, body: { role: 'admin' } })).status).toBe(200);
    expect((await api(`/v1/orgs/${orgId}/members/${ben.userId}`, { method: 'DELETE', token: ben.token })).status).toBe(204);

    // Keys and licenses; revoking twice records one revocation.
    const key = await createApiKeyRecord(owner.token, orgId, ['read'], 'ci key');
    expect((await api(`/v1/orgs/${orgId}/api-keys/${key.id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await api(`/v1/orgs/${orgId}/api-keys/${key.id}`, { method: 'DELETE', token: owner.token })).status).toBe(404);
    const license = await api(`/v1/orgs/${orgId}/licenses`, { token: ann.token, body: { maxDevices: 2 } });
    expect(license.status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await api(`/v1/orgs/${orgId}/licenses/${license.body.id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);

    // MFA on (the verify retried with the same code records one change), then off.
    const enrol = await api('/v1/me/mfa/totp', { method: 'POST', token: owner.token });
    const totp = new TOTP({ secret: Secret.fromBase32(enrol.body.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const code = totp.generate();
    expect((await api('/v1/me/mfa/totp/verify', { token: owner.token, body: { code } })).status).toBe(200);
    await api('/v1/me/mfa/totp/verify', { token: owner.token, body: { code } });
    expect((await api('/v1/me/mfa', { method: 'DELETE', token: owner.token, body: { code: totp.generate() } })).status).toBe(204);

    // Billing through Stripe: checkout, subscription, a plan change and a cancellation; every webhook delivered 3 times.
    const { customer } = await subscribe(owner, 'professional');
    expect((await api(`/v1/orgs/${orgId}/subscription`, { method: 'PATCH', token: owner.token, body: { planId: 'business' } })).status).toBe(200);
    expect((await api(`/v1/orgs/${orgId}/subscription`, { method: 'PATCH', token: owner.token, body: { cancelAtPeriodEnd: true } })).status).toBe(200);
    await waitForSubscription(owner, (s) => s.planId === 'business' && s.cancelAtPeriodEnd);
    const theirs = (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { customer?: string }).customer === customer);
    for (const event of theirs) {
      await stripeControl(`/_emulator/events/${event.id}/resend`, {});
      await stripeControl(`/_emulator/events/${event.id}/resend`, {});
    }
    await stripeControl('/_emulator/webhooks/wait', {});
    const paidInvoices = (await stripe.invoices.list({ customer, limit: 100 })).data.filter((i) => i.status === 'paid');

    const expected: Record<string, number> = {
      'org.created': 1,
      'member.invited': 2,
      'member.joined': 2,
      'member.role_changed': 1,
      'member.removed': 1,
      'api_key.created': 1,
      'api_key.revoked': 1,
      'license.created': 1,
      'license.revoked': 1,
      'mfa.enabled': 1,
      'mfa.disabled': 1,
      'checkout.created': 1,
      'subscription.created': 1,
      'subscription.changed': 2,
      'invoice.paid': paidInvoices.length,
    };
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    // Webhooks are applied by the queue consumer: wait until the last of them is in, then let duplicates drain.
    await eventually(() => readAll(owner, '', 100), (r) => r.entries.length >= total, 20_000);
    await new Promise((r) => setTimeout(r, 1500));

    const { entries, pages } = await readAll(owner, '', 4);
    expect(pages).toBe(Math.ceil(total / 4));
    const tally = Object.fromEntries(Object.keys(expected).map((a) => [a, count(entries, a).length]));
    expect(tally).toEqual(expected);
    expect(entries).toHaveLength(total);
    expect(new Set(entries.map((e) => e.id)).size).toBe(total);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const one = (action: string) => count(entries, action)[0]!;
    expect(one('org.created')).toMatchObject({ actor: { type: 'user', id: owner.userId }, target: `org:${orgId}` });
    expect(count(entries, 'member.joined').map((e) => e.target).sort()).toEqual([`member:${ann.userId}`, `member:${ben.userId}`].sort());
    expect(one('member.role_changed')).toMatchObject({ actor: { type: 'user', id: owner.userId }, target: `member:${ann.userId}`, details: { from: 'member', to: 'admin' } });
    expect(one('member.removed')).toMatchObject({ actor: { type: 'user', id: ben.userId }, target: `member:${ben.userId}`, details: { left: true } });
    expect(one('api_key.revoked')).toMatchObject({ actor: { type: 'user', id: owner.userId }, target: `api_key:${key.id}` });
    expect(one('license.created')).toMatchObject({ actor: { type: 'user', id: ann.userId }, target: `license:${license.body.id}` });
    expect(one('mfa.enabled')).toMatchObject({ actor: { type: 'user', id: owner.userId }, target: `user:${owner.userId}` });
    expect(one('checkout.created')).toMatchObject({ actor: { type: 'user', id: owner.userId }, details: { mode: 'subscription', planId: 'professional' } });
    const stripeEventIds = new Set(theirs.map((e) => e.id));
    for (const action of ['subscription.created', 'subscription.changed', 'invoice.paid']) {
      for (const e of count(entries, action)) {
        expect(e.actor.type).toBe('stripe');
        expect(stripeEventIds.has(e.actor.id)).toBe(true);
      }
    }
    expect(count(entries, 'subscription.changed').map((e) => e.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ planId: 'business', previousPlanId: 'professional' }), expect.objectContaining({ cancelAtPeriodEnd: true, previousCancelAtPeriodEnd: false })]),
    );

    // ?action= pages through that action only, newest first.
    const joined = await eventually(() => readAll(owner, 'action=member.joined', 1), (r) => r.entries.length === 2);
    expect(joined.entries.map((e) => e.id)).toEqual(count(entries, 'member.joined').map((e) => e.id));
    expect(joined.pages).toBe(2);
    expect((await log(owner, '?action=no.such')).status).toBe(400);

    // Admins read it; a member gets 403, a non-member 404, an API key 403.
    expect((await log(ann)).status).toBe(200);
    const member = await newUser();
    const inv = await invite(owner.token, orgId, member.email, 'member');
    await api(`/v1/invitations/${inv}/accept`, { method: 'POST', token: member.token });
    expect((await log({ ...owner, token: member.token })).status).toBe(403);
    const stranger = await newUser();
    expect((await log({ ...owner, token: stranger.token })).status).toBe(404);
    // A user-token route: API keys are refused at the authorizer, like the other admin routes (api-keys, members).
    const readKey = await createApiKey(owner.token, orgId, ['read']);
    expect((await log({ ...owner, token: readKey })).status).toBe(401);
  });
});

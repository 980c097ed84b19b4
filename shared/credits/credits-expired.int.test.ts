import { api } from '../../infra/local/testing/local-stack';
import { newUser, serviceApiKey } from '../../infra/local/testing/users';

/** CONTRACT §3 Audit log `credits.expired`: once per grant that expires with credits left, dated at its expiry. */
describe('credits.expired', () => {
  it('is written once when a grant with credits left is read past its expiry; a used-up grant writes none', async () => {
    const owner = await newUser();
    const { orgId } = owner;
    const grant = (id: string, quantity: number, expiresAt: string) => api(`/v1/orgs/${orgId}/credits`, { token: serviceApiKey(), body: { id, metric: 'agent_executions', quantity, expiresAt, reason: 'expiry test' } });
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    expect((await grant('left-over', 50, expiresAt)).status).toBe(201);
    // Expires first, so it is spent first: included 100, then its 10, then 5 of the other.
    expect((await grant('used-up', 10, new Date(Date.now() + 2_500).toISOString())).status).toBe(201);
    expect((await api('/v1/quota/check', { token: serviceApiKey(), body: { orgId, metric: 'agent_executions', quantity: 115, consume: true } })).body.allowed).toBe(true);
    const before = await api(`/v1/orgs/${orgId}/credits`, { token: owner.token });
    const left = before.body.grants.find((g: { id: string }) => g.id === 'left-over').remaining + before.body.grants.find((g: { id: string }) => g.id === 'used-up').remaining;
    expect(left).toBe(45);
    await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 500));

    // Read past the expiry, twice and side by side: one entry per grant that had credits left.
    await Promise.all([api(`/v1/orgs/${orgId}/credits`, { token: owner.token }), api(`/v1/orgs/${orgId}/credits`, { token: owner.token })]);
    await api(`/v1/orgs/${orgId}/credits`, { token: owner.token });
    const audit = await api(`/v1/orgs/${orgId}/audit-log?action=credits.expired`, { token: owner.token });
    const grants = (await api(`/v1/orgs/${orgId}/credits`, { token: owner.token })).body.grants as { id: string; remaining: number }[];
    const withCredits = grants.filter((g) => g.remaining > 0).map((g) => g.id);
    expect(withCredits).toEqual(['left-over']);
    expect(audit.body.entries.map((e: { target: string }) => e.target).sort()).toEqual(withCredits.map((id) => `credit_grant:${id}`).sort());
    expect(audit.body.entries.reduce((s: number, e: { details: { expired: number } }) => s + e.details.expired, 0)).toBe(45);
    for (const e of audit.body.entries) expect(e).toMatchObject({ actor: { type: 'system', id: 'credits-expiry' }, at: expect.any(String) });
    expect((await api(`/v1/orgs/${orgId}/credits`, { token: owner.token })).body.balances.agent_executions).toBe(0);
  }, 60_000);
});

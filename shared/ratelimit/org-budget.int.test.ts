import { inBatches, roomInCurrentMinute } from '../../infra/local/testing/bursts';
import { api } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser } from '../../infra/local/testing/users';

describe("an org's rate budget is spent only by callers allowed on that org", () => {
  it('a non-member naming the org (path or body) spends their own budget, not the org’s, and learns nothing of its plan', async () => {
    const victim = await newUser();
    const attacker = await newUser();
    await roomInCurrentMinute(25);

    // 100 path requests and 50 body requests naming the victim's org: all refused as "not found" to the attacker.
    const byPath = await inBatches(100, 10, () => api(`/v1/orgs/${victim.orgId}`, { token: attacker.token }));
    expect(byPath.map((r) => r.status).filter((s) => s !== 404 && s !== 429)).toEqual([]);
    const byBody = await inBatches(10, 10, () => api('/v1/quota/check', { token: attacker.token, body: { orgId: victim.orgId, metric: 'api_calls', quantity: 1 } }));
    expect(byBody.map((r) => r.status).filter((s) => s !== 404 && s !== 429)).toEqual([]);

    // The victim's org still has its whole budget.
    const own = await api(`/v1/orgs/${victim.orgId}`, { token: victim.token });
    expect(own.status).toBe(200);
    expect(own.headers.get('ratelimit-remaining')).toBe('99');

    // The attacker ran out of their own budget, so the flood cost them, and a member of the org is unaffected.
    const member = await newMemberOf(victim.token, victim.orgId);
    const memberCall = await api('/v1/quota/check', { token: member.token, body: { orgId: victim.orgId, metric: 'api_calls', quantity: 1 } });
    expect(memberCall.status).toBe(200);
    expect(Number(memberCall.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(95);
  }, 120_000);
});

import { domainEvents, subscribe } from '../../infra/local/testing/billing';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { createApiKey, newMemberOf, newUser, serviceApiKey } from '../../infra/local/testing/users';

/**
 * CONTRACT §3 Spend limit on a professional org. agent_executions: 5,000 included, then 10 cents each, so a $5 budget
 * is exactly 50 executions of overage.
 */
describe('spend limit (CONTRACT §3 Usage, §5 spend_limit.reached)', () => {
  it('stops 200 concurrent consumes exactly at the budget, counts holds, publishes once, audits each PUT', async () => {
    const owner = await newUser();
    const { orgId } = owner;
    await subscribe(owner);
    const key = await createApiKey(owner.token, orgId, ['quota:check', 'usage:write', 'read']);
    // The platform key for the bursts: the org's own rate (its plan's, cached per container) is not what this tests.
    const service = serviceApiKey();
    const member = await newMemberOf(owner.token, orgId);
    const stranger = await newUser();
    const path = `/v1/orgs/${orgId}/spend-limit`;
    const put = (token: string, body: unknown) => api(path, { token, method: 'PUT', body });
    const consume = (id: string, quantity = 1) => api('/v1/quota/check', { token: service, body: { orgId, metric: 'agent_executions', quantity, consume: true, id } });
    const reserve = (id: string, quantity: number) => api('/v1/quota/reserve', { token: service, body: { orgId, metric: 'agent_executions', quantity, id } });

    // Who may read and set: members read (and a key with `read`), only admins set; a stranger learns nothing.
    expect((await api(path, { token: member.token })).body).toEqual({ monthlyOverage: null });
    expect((await put(member.token, { monthlyOverage: { amount: 500, currency: 'usd' } })).status).toBe(403);
    expect((await api(path, { token: stranger.token })).status).toBe(404);
    expect((await put(stranger.token, { monthlyOverage: { amount: 500, currency: 'usd' } })).status).toBe(404);
    for (const bad of [{ amount: 500, currency: 'eur' }, { amount: 1.5, currency: 'usd' }, { amount: -1, currency: 'usd' }, 500]) {
      expect((await put(owner.token, { monthlyOverage: bad })).status).toBe(400);
    }
    const set = await put(owner.token, { monthlyOverage: { amount: 500, currency: 'usd' } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ monthlyOverage: { amount: 500, currency: 'usd' } });
    expect((await api(path, { token: key })).body).toEqual({ monthlyOverage: { amount: 500, currency: 'usd' } });

    // The included amount is not overage; a hold of 10 past it takes $1 of the budget at once.
    expect((await consume('included', 5000)).body).toMatchObject({ allowed: true, used: 5000 });
    const hold = await reserve('h1', 10);
    expect(hold.body).toMatchObject({ reserved: true, held: 10 });

    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => consume(`c-${i}`)));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(results.filter((r) => r.body.allowed).length).toBe(40);
    expect(results.filter((r) => !r.body.allowed).every((r) => r.body.reason === 'spend_limit')).toBe(true);
    expect((await consume('after')).body).toMatchObject({ allowed: false, reason: 'spend_limit', used: 5040 });
    expect((await api('/v1/quota/check', { token: key, body: { orgId, metric: 'agent_executions', quantity: 1 } })).body).toMatchObject({ allowed: false, reason: 'spend_limit' });
    expect((await reserve('h2', 1)).body).toMatchObject({ reserved: false, holdId: null, reason: 'spend_limit' });
    // Other soft metrics share the budget; within their included amount they are not overage.
    expect((await api('/v1/quota/check', { token: key, body: { orgId, metric: 'api_calls', quantity: 10, consume: true } })).body.allowed).toBe(true);

    // Committing 4 of the hold's 10 gives the other 60 cents back: exactly 6 more fit.
    expect((await api(`/v1/quota/holds/${hold.body.holdId}/commit`, { token: key, body: { quantity: 4 } })).body).toMatchObject({ committed: 4, used: 5044 });
    const more = [];
    for (let i = 0; i < 7; i++) more.push((await consume(`m-${i}`)).body.allowed);
    expect(more).toEqual([...Array(6).fill(true), false]);

    const events = await eventually(() => domainEvents('spend_limit.reached', orgId), (e) => e.length > 0);
    expect(events.map((e) => e.detail)).toEqual([{ orgId, periodStart: expect.any(String), limit: { amount: 500, currency: 'usd' }, overage: { amount: 500, currency: 'usd' } }]);

    // Reported usage records what already happened, past the limit too.
    expect((await api('/v1/usage', { token: key, body: { events: [{ id: 'reported-1', orgId, metric: 'agent_executions', quantity: 3 }] } })).status).toBe(202);
    const usage = await eventually(
      () => api(`/v1/orgs/${orgId}/usage`, { token: key }),
      (r) => r.body.metrics.find((m: { metric: string }) => m.metric === 'agent_executions').used === 5053,
    );
    expect(usage.body.metrics.find((m: { metric: string }) => m.metric === 'agent_executions').used).toBe(5053);

    // Removing the limit lets soft caps bill overage again.
    expect((await put(owner.token, { monthlyOverage: null })).body).toEqual({ monthlyOverage: null });
    expect((await consume('unlimited')).body).toMatchObject({ allowed: true });
    expect(await domainEvents('spend_limit.reached', orgId)).toHaveLength(1);

    const audit = await api(`/v1/orgs/${orgId}/audit-log?action=spend_limit.changed`, { token: owner.token });
    expect(audit.body.entries.map((e: { actor: unknown; details: unknown }) => [e.actor, e.details])).toEqual([
      [{ type: 'user', id: owner.userId }, { before: { amount: 500, currency: 'usd' }, after: null }],
      [{ type: 'user', id: owner.userId }, { before: null, after: { amount: 500, currency: 'usd' } }],
    ]);
  }, 180_000);
});

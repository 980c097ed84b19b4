import { api } from '../../infra/local/testing/local-stack';
import { createApiKey, newMemberOf, newUser, serviceApiKey } from '../../infra/local/testing/users';

const reserve = (body: Record<string, unknown>, token = serviceApiKey()) => api('/v1/quota/reserve', { token, body });
const commit = (holdId: string, quantity: number, token = serviceApiKey()) => api(`/v1/quota/holds/${holdId}/commit`, { token, body: { quantity } });
const release = (holdId: string, token = serviceApiKey()) => api(`/v1/quota/holds/${holdId}/release`, { token, method: 'POST' });
const check = (body: Record<string, unknown>) => api('/v1/quota/check', { token: serviceApiKey(), body });

describe('holds (CONTRACT §3 Holds)', () => {
  it('never lets 200 concurrent reserves pass a hard cap; commit records once and frees the rest; release gives it all back', async () => {
    const { orgId } = await newUser();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => reserve({ orgId, metric: 'agent_executions', quantity: 1, id: `job-${i}` })));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const reserved = results.filter((r) => r.body.reserved);
    expect(reserved.length).toBe(100);
    expect(results.filter((r) => !r.body.reserved).every((r) => r.body.holdId === null)).toBe(true);
    // Holds count against the cap at once: nothing is left to consume.
    expect((await check({ orgId, metric: 'agent_executions', quantity: 1, consume: true })).body).toMatchObject({ allowed: false, used: 0 });

    // Release 50 (the second release is a no-op), commit 50 with 0, 1 or 2 each way.
    const holds = reserved.map((r) => r.body.holdId as string);
    const released = await Promise.all(holds.slice(0, 50).map((h) => release(h)));
    expect(released.map((r) => r.status)).toEqual(Array(50).fill(204));
    expect((await release(holds[0])).status).toBe(204);
    const first = await commit(holds[50], 1);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ committed: 1, used: 1, exceeded: false });
    // A repeated commit answers the same and records nothing more; another quantity or a released hold is a conflict.
    expect((await commit(holds[50], 1)).body).toMatchObject({ committed: 1, used: 1 });
    expect((await commit(holds[50], 2)).status).toBe(409);
    expect((await commit(holds[0], 1)).status).toBe(409);
    expect((await release(holds[50])).status).toBe(409);

    const state = await reserve({ orgId, metric: 'agent_executions', quantity: 1, id: 'probe' });
    // 49 open holds of 1, 1 used, this reserve of 1: 51 of 100 taken.
    expect(state.body).toMatchObject({ reserved: true, used: 1, held: 50, limit: 100, remaining: 49 });
    // A commit above the hold is recorded and says whether it passed the hard cap.
    const over = await commit(holds[51], 60);
    expect(over.body).toMatchObject({ committed: 60, used: 61, exceeded: true });
    // Idempotent reserve: same id and content → same hold; other content → 409.
    expect((await reserve({ orgId, metric: 'agent_executions', quantity: 1, id: 'probe' })).body.holdId).toBe(state.body.holdId);
    expect((await reserve({ orgId, metric: 'agent_executions', quantity: 2, id: 'probe' })).status).toBe(409);
  }, 120_000);

  it('frees an abandoned hold once it expires, and spends and gives back credits with holds', async () => {
    const owner = await newUser();
    const { orgId } = owner;
    expect((await api(`/v1/orgs/${orgId}/credits`, { token: serviceApiKey(), body: { id: 'g1', metric: 'agent_executions', quantity: 20, reason: 'r' } })).status).toBe(201);
    const big = await reserve({ orgId, metric: 'agent_executions', quantity: 110, id: 'big', ttlSeconds: 1 });
    expect(big.body).toMatchObject({ reserved: true, used: 0, held: 110, remaining: 10, credits: 10 });
    expect((await reserve({ orgId, metric: 'agent_executions', quantity: 11, id: 'too-much' })).body.reserved).toBe(false);
    await new Promise((r) => setTimeout(r, 1500));
    // Expired: the hold no longer counts, its credits are back, and it cannot be committed any more.
    expect((await check({ orgId, metric: 'agent_executions', quantity: 120 })).body).toMatchObject({ allowed: true, used: 0, credits: 20, remaining: 120 });
    expect((await commit(big.body.holdId, 5)).status).toBe(409);

    const h = await reserve({ orgId, metric: 'agent_executions', quantity: 115, id: 'h2' });
    expect(h.body).toMatchObject({ reserved: true, held: 115, credits: 5 });
    // Commit 105: 100 included + 5 credits kept, 10 credits go back.
    expect((await commit(h.body.holdId, 105)).body).toMatchObject({ committed: 105, used: 105, remaining: 15, exceeded: false });
    expect((await api(`/v1/orgs/${orgId}/credits`, { token: owner.token })).body.balances.agent_executions).toBe(15);

    // Who may hold: a member's token may not (403), a key of another org gets 403, a stranger's token 404.
    const member = await newMemberOf(owner.token, orgId);
    expect((await reserve({ orgId, metric: 'agent_executions', quantity: 1, id: 'm' }, member.token)).status).toBe(403);
    const stranger = await newUser();
    expect((await reserve({ orgId, metric: 'agent_executions', quantity: 1, id: 's' }, stranger.token)).status).toBe(404);
    const h3 = await reserve({ orgId, metric: 'agent_executions', quantity: 1, id: 'h3' }, await createApiKey(owner.token, orgId, ['quota:check']));
    expect(h3.body.reserved).toBe(true);
    expect((await commit(h3.body.holdId, 1, stranger.token)).status).toBe(404);
    expect((await release(h3.body.holdId, await createApiKey(stranger.token, stranger.orgId, ['quota:check']))).status).toBe(403);
    expect((await reserve({ orgId, metric: 'storage_gb', quantity: 1, id: 'gauge' })).status).toBe(400);
  }, 120_000);
});

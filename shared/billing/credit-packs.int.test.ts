import '../../infra/local/testing/local-env';
import { checkoutUrls, stripeControl } from '../../infra/local/testing/billing';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser } from '../../infra/local/testing/users';
import { getGrant, listGrants } from '../credits/grants';

const DAY_MS = 86_400_000;
const checkout = (orgId: string, token: string, body: Record<string, unknown>) => api(`/v1/orgs/${orgId}/checkout`, { token, body: { ...checkoutUrls, ...body } });

describe('credit packs bought through Checkout', () => {
  it('grants each paid pack once under 3x duplicate, shuffled webhooks; an unpaid or failed delayed payment grants nothing', async () => {
    const owner = await newUser();
    const orgId = owner.orgId;

    // Validation and roles: an unknown pack, a bad quantity, a plan and a pack at once; members cannot buy.
    expect((await checkout(orgId, owner.token, { packId: 'nope' })).status).toBe(400);
    expect((await checkout(orgId, owner.token, { packId: 'tokens_1m', quantity: 0 })).status).toBe(400);
    expect((await checkout(orgId, owner.token, { packId: 'tokens_1m', planId: 'professional' })).status).toBe(400);
    const member = await newMemberOf(owner.token, orgId, 'member');
    expect((await checkout(orgId, member.token, { packId: 'tokens_1m' })).status).toBe(403);

    // On the free plan (any plan may buy): a card payment of 2 x tokens_1m, and agents_1k by bank debit, twice over
    // (one clears, one fails). Webhooks are held, then released in reverse order, each 3 times.
    const tokens = await checkout(orgId, owner.token, { packId: 'tokens_1m', quantity: 2 });
    expect(tokens.status).toBe(201);
    expect(tokens.body).toEqual({ id: expect.stringMatching(/^cs_/), url: expect.stringContaining(tokens.body.id) });
    const agents = await checkout(orgId, owner.token, { packId: 'agents_1k' });
    const failing = await checkout(orgId, owner.token, { packId: 'agents_1k' });
    const open = await checkout(orgId, owner.token, { packId: 'agents_1k' });
    await stripeControl('/_emulator/webhooks/hold', { hold: true });
    try {
      await stripeControl(`/_emulator/checkout/${tokens.body.id}/complete`, {});
      await stripeControl(`/_emulator/checkout/${agents.body.id}/complete`, { async_payment: true });
      await stripeControl(`/_emulator/checkout/${failing.body.id}/complete`, { async_payment: true });
      await stripeControl(`/_emulator/checkout/${agents.body.id}/async-payment`, { succeed: true });
      await stripeControl(`/_emulator/checkout/${failing.body.id}/async-payment`, { succeed: false });
    } finally {
      const { pending } = await stripeControl<{ pending: Array<{ id: string }> }>('/_emulator/webhooks/pending');
      await stripeControl('/_emulator/webhooks/release', { order: pending.map((e) => e.id).reverse(), duplicates: 3 });
    }
    await stripeControl('/_emulator/webhooks/wait', {});

    const granted = await eventually(() => listGrants(orgId, 100), (page) => page.grants.length >= 2, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    const { grants } = await listGrants(orgId, 100);
    expect(grants.map((g) => g.id).sort()).toEqual([tokens.body.id, agents.body.id].sort());
    expect(granted.grants.length).toBe(2);

    const tokenGrant = (await getGrant(orgId, tokens.body.id))!;
    expect(tokenGrant).toMatchObject({ metric: 'llm_tokens', quantity: 2_000_000, remaining: 2_000_000, source: 'purchase' });
    expect(Date.parse(tokenGrant.expiresAt!) - Date.parse(tokenGrant.createdAt)).toBe(365 * DAY_MS);
    const agentGrant = (await getGrant(orgId, agents.body.id))!;
    expect(agentGrant).toMatchObject({ metric: 'agent_executions', quantity: 1_000, source: 'purchase' });
    expect(await getGrant(orgId, failing.body.id)).toBeUndefined();
    expect(await getGrant(orgId, open.body.id)).toBeUndefined();

    // The audit log: one checkout.created per session (the owner), one credits.purchased per paid session (Stripe).
    const entries = (await api(`/v1/orgs/${orgId}/audit-log?limit=100`, { token: owner.token })).body.entries as Array<{ action: string; actor: { type: string; id: string }; target: string; details: Record<string, unknown> }>;
    const created = entries.filter((e) => e.action === 'checkout.created');
    expect(created.map((e) => e.target).sort()).toEqual([tokens, agents, failing, open].map((c) => `checkout:${c.body.id}`).sort());
    expect(created.every((e) => e.actor.type === 'user' && e.actor.id === owner.userId)).toBe(true);
    const purchased = entries.filter((e) => e.action === 'credits.purchased');
    expect(purchased.map((e) => e.target).sort()).toEqual([`credit_grant:${tokens.body.id}`, `credit_grant:${agents.body.id}`].sort());
    expect(purchased.every((e) => e.actor.type === 'stripe' && e.actor.id.startsWith('evt_'))).toBe(true);
  });
});

import { api } from '../../infra/local/testing/local-stack';
import { advanceEmulatorTo, checkoutUrls, domainEvents, emulatorNow, epochOf, getSubscription, stripeControl, subscribe, waitForSubscription } from '../../infra/local/testing/billing';
import { newMemberOf, newUser } from '../../infra/local/testing/users';
import { eventually } from '../../infra/local/testing/local-stack';

const DAY = 86_400;
const urls = checkoutUrls;

describe('plans', () => {
  it('GET /v1/plans is public and serves the catalog', async () => {
    const res = await api('/v1/plans');
    expect(res.status).toBe(200);
    expect(res.body.plans.map((p: { id: string }) => p.id)).toEqual(['explorer', 'professional', 'business', 'enterprise']);
    expect(res.body.plans[1]).toMatchObject({ prices: [{ interval: 'month', amount: 9900, currency: 'usd' }, { interval: 'year', amount: 99_000, currency: 'usd' }], trialDays: 14, metrics: { api_calls: { included: 100_000, capType: 'soft' } } });
  });
});

describe('checkout', () => {
  it('a new org reads explorer/active; after checkout it reads professional/active and its entitlements change', async () => {
    const user = await newUser();
    expect(await getSubscription(user)).toEqual({ planId: 'explorer', interval: 'month', status: 'active', currentPeriodStart: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, trialEnd: null, catalogVersion: 1 });
    await subscribe(user, 'professional');
    const sub = await getSubscription(user);
    expect(sub).toMatchObject({ planId: 'professional', status: 'active', cancelAtPeriodEnd: false });
    expect(epochOf(sub.currentPeriodEnd) - epochOf(sub.currentPeriodStart)).toBeGreaterThanOrEqual(28 * DAY);
    const entitlements = await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token });
    expect(entitlements.body).toMatchObject({ planId: 'professional', rateLimit: { requestsPerMinute: 1000 } });
    expect(entitlements.body.features.advanced_predictions).toBe(true);

    const invoices = await eventually(() => api(`/v1/orgs/${user.orgId}/invoices`, { token: user.token }), (r) => r.body.invoices?.[0]?.status === 'paid');
    expect(invoices.body.invoices[0]).toMatchObject({ status: 'paid', amountDue: { amount: 9900, currency: 'usd' }, amountPaid: { amount: 9900, currency: 'usd' }, number: expect.any(String), hostedInvoiceUrl: expect.any(String) });
    const one = await api(`/v1/orgs/${user.orgId}/invoices/${invoices.body.invoices[0].id}`, { token: user.token });
    expect(one.body).toEqual({ ...invoices.body.invoices[0], lines: expect.any(Array) });
    const licensed = one.body.lines.filter((l: { amount: { amount: number } }) => l.amount.amount !== 0);
    expect(licensed).toEqual([{ description: expect.any(String), quantity: 1, amount: { amount: 9900, currency: 'usd' }, periodStart: expect.any(String), periodEnd: expect.any(String) }]);

    const stranger = await newUser();
    expect((await api(`/v1/orgs/${stranger.orgId}/invoices/${invoices.body.invoices[0].id}`, { token: stranger.token })).status).toBe(404);
    expect((await api(`/v1/orgs/${user.orgId}/invoices`, { token: stranger.token })).status).toBe(404);

    expect(await domainEvents('subscription.created', user.orgId)).toHaveLength(1);
    expect(await domainEvents('invoice.paid', user.orgId)).toHaveLength(1);
  });

  it('refuses a second checkout while subscribed (409), explorer or unknown plans (400), and members (403)', async () => {
    const user = await newUser();
    const member = await newMemberOf(user.token, user.orgId, 'member');
    expect((await api(`/v1/orgs/${user.orgId}/checkout`, { token: member.token, body: { planId: 'business', ...urls } })).status).toBe(403);
    expect((await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'explorer', ...urls } })).body.error.code).toBe('validation_failed');
    const a = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'business', ...urls } });
    const b = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'professional', ...urls } });
    expect([a.status, b.status]).toEqual([201, 201]);
    // Creating b expired a: only the newest checkout can be paid.
    await expect(stripeControl(`/_emulator/checkout/${a.body.id}/complete`, {})).rejects.toThrow(/expired/);
    const done = await stripeControl<{ customer: string }>(`/_emulator/checkout/${b.body.id}/complete`, {});
    await waitForSubscription(user, (s) => s.planId === 'professional');
    const again = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'professional', ...urls } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    // One Stripe customer per org, whatever the number of checkouts.
    const portal = await api(`/v1/orgs/${user.orgId}/portal`, { token: user.token, body: { returnUrl: 'http://localhost:5173/billing' } });
    expect(portal.status).toBe(201);
    expect(portal.body.url).toMatch(/^http/);
    expect(done.customer).toMatch(/^cus_/);
    expect((await api(`/v1/orgs/${user.orgId}/subscription`, { token: member.token })).body.planId).toBe('professional');
  });

  it('refuses redirect URLs off the stage\'s allowed origins (no open redirect through Stripe\'s pages)', async () => {
    const user = await newUser();
    for (const [field, url] of [['successUrl', 'https://evil.example/ok'], ['cancelUrl', 'http://localhost.evil.example/x'], ['successUrl', 'javascript:alert(1)']]) {
      const res = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'professional', ...urls, [field]: url } });
      expect({ url, status: res.status, code: res.body.error?.code, paths: [...new Set(res.body.error?.details?.map((d: { path: string }) => d.path))] }).toEqual({
        url, status: 400, code: 'validation_failed', paths: [`body.${field}`],
      });
    }
    const portal = await api(`/v1/orgs/${user.orgId}/portal`, { token: user.token, body: { returnUrl: 'https://evil.example/billing' } });
    expect([portal.status, portal.body.error?.details?.[0]?.path]).toEqual([400, 'body.returnUrl']);
    expect((await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'professional', successUrl: 'http://127.0.0.1:8080/ok', cancelUrl: 'http://localhost:3000/no' } })).status).toBe(201);
  });
});

describe('plan changes', () => {
  it('previews an upgrade with proration and applies about the same amount', async () => {
    const user = await newUser();
    await subscribe(user, 'professional');
    const preview = await api(`/v1/orgs/${user.orgId}/subscription/preview`, { token: user.token, body: { planId: 'business' } });
    expect(preview.status).toBe(200);
    expect(preview.body.lines.map((l: { amount: { amount: number; currency: string } }) => [Math.sign(l.amount.amount), l.amount.currency])).toEqual([[-1, 'usd'], [1, 'usd']]);
    expect(preview.body.lines[0].description).toMatch(/Unused time/);
    expect(preview.body.amountDue).toEqual({ amount: expect.any(Number), currency: 'usd' });
    expect(preview.body.amountDue.amount).toBeGreaterThan(19_000);
    expect(preview.body.amountDue.amount).toBeLessThanOrEqual(20_000);

    const patched = await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { planId: 'business' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ planId: 'business', status: 'active' });
    await waitForSubscription(user, (s) => s.planId === 'business');
    const invoices = await eventually(() => api(`/v1/orgs/${user.orgId}/invoices`, { token: user.token }), (r) => r.body.invoices?.length === 2 && r.body.invoices.every((i: { status: string }) => i.status === 'paid'));
    const proration = invoices.body.invoices.find((i: { amountPaid: { amount: number } }) => i.amountPaid.amount !== 9900);
    expect(Math.abs(proration.amountPaid.amount - preview.body.amountDue.amount)).toBeLessThanOrEqual(2);
    // Paginated: one invoice a page, newest first, the same two invoices in all; a cursor not handed out is a 400.
    const first = await api(`/v1/orgs/${user.orgId}/invoices?limit=1`, { token: user.token });
    expect(first.body.invoices).toHaveLength(1);
    const second = await api(`/v1/orgs/${user.orgId}/invoices?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: user.token });
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.invoices, ...second.body.invoices]).toEqual(invoices.body.invoices);
    expect(invoices.body.nextCursor).toBeNull();
    for (const bad of ['limit=0', 'limit=101', 'cursor=not-a-cursor']) {
      const res = await api(`/v1/orgs/${user.orgId}/invoices?${bad}`, { token: user.token });
      expect({ bad, status: res.status, code: res.body.error?.code }).toEqual({ bad, status: 400, code: 'validation_failed' });
    }
    expect((await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token })).body.planId).toBe('business');
  });

  it('cancels at period end, resumes, cancels again; past the period end the org is on explorer', async () => {
    const user = await newUser();
    await subscribe(user, 'professional');
    const cancel = await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { cancelAtPeriodEnd: true } });
    expect(cancel.body).toMatchObject({ planId: 'professional', status: 'active', cancelAtPeriodEnd: true });
    await waitForSubscription(user, (s) => s.cancelAtPeriodEnd);
    const resume = await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { cancelAtPeriodEnd: false } });
    expect(resume.body.cancelAtPeriodEnd).toBe(false);
    await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { cancelAtPeriodEnd: true } });
    const sub = await waitForSubscription(user, (s) => s.cancelAtPeriodEnd);

    await advanceEmulatorTo(epochOf(sub.currentPeriodEnd) + 10);
    await waitForSubscription(user, (s) => s.planId === 'explorer' && s.status === 'active' && s.currentPeriodEnd === null);
    expect((await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token })).body.planId).toBe('explorer');
    expect(await domainEvents('subscription.canceled', user.orgId)).toHaveLength(1);
    expect((await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { cancelAtPeriodEnd: false } })).status).toBe(409);
  });

  it('a failed renewal makes the subscription past_due (access kept in grace), paying brings it back to active', async () => {
    const user = await newUser();
    const { customer } = await subscribe(user, 'professional');
    const sub = await getSubscription(user);
    await stripeControl(`/_emulator/customers/${customer}/payment-behavior`, { fail: true });
    await advanceEmulatorTo(epochOf(sub.currentPeriodEnd) + 10);
    await waitForSubscription(user, (s) => s.status === 'past_due');
    expect((await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token })).body.planId).toBe('professional');
    await eventually(() => domainEvents('invoice.payment_failed', user.orgId), (e) => e.length === 1);

    await stripeControl(`/_emulator/customers/${customer}/payment-behavior`, { fail: false });
    await advanceEmulatorTo((await emulatorNow()) + 3 * DAY + 10);
    await waitForSubscription(user, (s) => s.status === 'active' && s.planId === 'professional');
    await eventually(() => domainEvents('invoice.paid', user.orgId), (e) => e.length === 2);
    expect(await domainEvents('invoice.payment_failed', user.orgId)).toHaveLength(1);
  });
});

import type Stripe from 'stripe';
import { DAY, type Harness, seedCatalog, startHarness, subscribeViaCheckout } from './test-support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('SDK plumbing', () => {
  it('creates, retrieves, updates and lists customers with Stripe shapes', async () => {
    const c = await h.stripe.customers.create({ email: 'a@example.com', name: 'A', metadata: { orgId: 'o1' } });
    expect(c.id).toMatch(/^cus_[0-9A-Za-z]{24}$/);
    await h.stripe.customers.create({ email: 'b@example.com' });
    const updated = await h.stripe.customers.update(c.id, { metadata: { plan: 'pro' } });
    expect(updated.metadata).toEqual({ orgId: 'o1', plan: 'pro' });
    const list = await h.stripe.customers.list({ email: 'a@example.com' });
    expect(list.object).toBe('list');
    expect(list.data.map((x) => x.id)).toEqual([c.id]);
    expect(((await h.stripe.customers.retrieve(c.id)) as Stripe.Customer).email).toBe('a@example.com');
  });

  it('paginates with limit and starting_after', async () => {
    for (let i = 0; i < 5; i++) await h.stripe.customers.create({ email: `c${i}@example.com` });
    const page1 = await h.stripe.customers.list({ limit: 2 });
    expect(page1.has_more).toBe(true);
    expect(page1.data.map((c) => c.email)).toEqual(['c4@example.com', 'c3@example.com']);
    const page3 = await h.stripe.customers.list({ limit: 2, starting_after: 'x' }).catch((e: { statusCode: number }) => e);
    expect((page3 as { statusCode: number }).statusCode).toBe(404);
    const all: string[] = [];
    for await (const c of h.stripe.customers.list({ limit: 2 })) all.push(c.email!);
    expect(all).toHaveLength(5);
  });

  it('returns Stripe errors: 404 resource_missing, 400 with param, 401 without a key', async () => {
    await expect(h.stripe.customers.retrieve('cus_nope')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id' });
    await expect(h.stripe.prices.create({ currency: 'usd', product: 'prod_missing', unit_amount: 1 })).rejects.toMatchObject({ statusCode: 404, param: 'product' });
    await expect(h.stripe.customers.create({ bogus: 1 } as never)).rejects.toMatchObject({ statusCode: 400, param: 'bogus' });
    const res = await fetch(`${h.emulator.url}/v1/customers`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('replays a POST with the same Idempotency-Key instead of creating twice', async () => {
    const a = await h.stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'k1' });
    const b = await h.stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'k1' });
    expect(b.id).toBe(a.id);
    await expect(h.stripe.customers.create({ email: 'y@example.com' }, { idempotencyKey: 'k1' })).rejects.toMatchObject({ type: 'StripeIdempotencyError' });
    expect((await h.stripe.customers.list()).data).toHaveLength(1);
  });

  it('filters prices by lookup_keys, transfers lookup keys and expands product', async () => {
    const { proMonthly, pro } = await seedCatalog(h.stripe);
    const found = await h.stripe.prices.list({ lookup_keys: ['professional_monthly'], expand: ['data.product'] });
    expect(found.data.map((p) => p.id)).toEqual([proMonthly.id]);
    expect((found.data[0].product as { name: string }).name).toBe('Professional');
    await expect(h.stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' }, lookup_key: 'professional_monthly' })).rejects.toMatchObject({ statusCode: 400 });
    const moved = await h.stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 10900, recurring: { interval: 'month' }, lookup_key: 'professional_monthly', transfer_lookup_key: true });
    expect((await h.stripe.prices.list({ lookup_keys: ['professional_monthly'] })).data.map((p) => p.id)).toEqual([moved.id]);
    expect((await h.stripe.prices.retrieve(proMonthly.id)).lookup_key).toBeNull();
  });
});

describe('checkout', () => {
  it('completing a session creates customer, subscription and paid invoice, with signed webhooks in order', async () => {
    const cat = await seedCatalog(h.stripe);
    const { session, subscription, customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id });
    expect(session.url).toBe(`${h.emulator.url}/checkout/${session.id}`);
    const page = await fetch(session.url!);
    expect(await page.text()).toContain('This session is complete');
    await h.settle();
    expect(h.receiver.rejected).toEqual([]);
    const types = h.receiver.types().filter((t) => !t.startsWith('product') && !t.startsWith('price') && !t.startsWith('billing.meter'));
    expect(types).toEqual(['customer.created', 'checkout.session.completed', 'customer.subscription.created', 'invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']);
    const completed = h.receiver.events.find((e) => e.type === 'checkout.session.completed')!;
    expect(completed).toMatchObject({ object: 'event', api_version: '2026-10-28.endive', livemode: false });
    expect(completed.data.object).toMatchObject({ id: session.id, status: 'complete', subscription, customer, client_reference_id: 'org_123', metadata: { orgId: 'org_123' } });

    const sub = await h.stripe.subscriptions.retrieve(subscription, { expand: ['latest_invoice'] });
    expect(sub.status).toBe('active');
    expect(sub.metadata).toEqual({ orgId: 'org_123' });
    const [seat, usage] = sub.items.data;
    expect(seat.current_period_end - seat.current_period_start).toBeGreaterThanOrEqual(28 * DAY);
    expect(seat.quantity).toBe(1);
    expect(usage.quantity).toBeUndefined();
    const invoice = sub.latest_invoice as import('stripe').Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 9900, amount_paid: 9900, billing_reason: 'subscription_create' });
    expect(invoice.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription);
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([9900, 0]);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });

  it('a trial subscription starts trialing with a $0 invoice and converts at trial end', async () => {
    const cat = await seedCatalog(h.stripe);
    const { subscription } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id }, { trialDays: 14 });
    const sub = await h.stripe.subscriptions.retrieve(subscription);
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * DAY);
    await h.control('POST', '/_emulator/clock/advance', { seconds: 14 * DAY + 60 });
    const after = await h.stripe.subscriptions.retrieve(subscription);
    expect(after.status).toBe('active');
    const invoices = await h.stripe.invoices.list({ subscription });
    expect(invoices.data.map((i) => [i.billing_reason, i.amount_paid])).toEqual([['subscription_cycle', 9900], ['subscription_create', 0]]);
    await h.settle();
    expect(h.receiver.types()).toContain('customer.subscription.trial_will_end');
  });

  it('expires sessions and rejects completing them', async () => {
    const cat = await seedCatalog(h.stripe);
    const s = await h.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: cat.proMonthly.id, quantity: 1 }], success_url: 'http://x/ok' });
    expect(await (await fetch(s.url!)).text()).toContain('<button type="submit">Pay</button>');
    expect((await h.stripe.checkout.sessions.expire(s.id)).status).toBe('expired');
    await expect(h.control('POST', `/_emulator/checkout/${s.id}/complete`)).rejects.toThrow(/400/);
    await expect(h.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: cat.overage.id, quantity: 1 }], success_url: 'http://x' })).rejects.toMatchObject({ param: 'line_items[0][quantity]' });
  });

  it('payment mode: one-time prices only; the Pay button completes it paid, with checkout.session.completed and no subscription', async () => {
    const cat = await seedCatalog(h.stripe);
    const pack = await h.stripe.prices.create({ product: cat.pro.id, currency: 'usd', unit_amount: 1000 });
    await expect(h.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: cat.proMonthly.id, quantity: 1 }], success_url: 'http://x/ok' })).rejects.toMatchObject({ param: 'line_items[0][price]' });
    await expect(h.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: pack.id }], success_url: 'http://x/ok' })).rejects.toMatchObject({ param: 'line_items[0][quantity]' });
    const customer = await h.stripe.customers.create({ email: 'buyer@example.com' });
    const s = await h.stripe.checkout.sessions.create({ mode: 'payment', customer: customer.id, line_items: [{ price: pack.id, quantity: 3 }], success_url: 'http://x/ok?s={CHECKOUT_SESSION_ID}', metadata: { packId: 'p1' } });
    expect(s).toMatchObject({ mode: 'payment', status: 'open', payment_status: 'unpaid', amount_total: 3000, payment_intent: null, subscription: null });
    const page = await fetch(s.url!);
    expect(await page.text()).toContain('× 3');
    // The hosted page's Pay button (a form post) pays it and redirects to the success URL.
    const pay = await fetch(`${h.emulator.url}/_emulator/checkout/${s.id}/complete`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(pay.status).toBe(303);
    expect(pay.headers.get('location')).toBe(`http://x/ok?s=${s.id}`);
    const done = await h.stripe.checkout.sessions.retrieve(s.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', customer: customer.id, subscription: null, invoice: null });
    expect(done.payment_intent).toMatch(/^pi_/);
    expect((await h.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    await h.settle();
    const completed = h.receiver.events.find((e) => e.type === 'checkout.session.completed');
    expect(completed?.data.object).toMatchObject({ id: s.id, mode: 'payment', payment_status: 'paid', metadata: { packId: 'p1' } });
    await expect(h.control('POST', `/_emulator/checkout/${s.id}/async-payment`, { succeed: true })).rejects.toThrow(/400/);
  });

  it('payment mode with a delayed method: completed unpaid, then async_payment_succeeded (or _failed) says how it ended', async () => {
    const cat = await seedCatalog(h.stripe);
    const pack = await h.stripe.prices.create({ product: cat.pro.id, currency: 'usd', unit_amount: 5000 });
    const make = () => h.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: pack.id, quantity: 1 }], success_url: 'http://x/ok' });
    const [ok, bad] = [await make(), await make()];
    for (const s of [ok, bad]) expect(await h.control('POST', `/_emulator/checkout/${s.id}/complete`, { async_payment: true })).toMatchObject({ payment_status: 'unpaid' });
    expect(await h.control('POST', `/_emulator/checkout/${ok.id}/async-payment`, { succeed: true })).toMatchObject({ payment_status: 'paid' });
    expect(await h.control('POST', `/_emulator/checkout/${bad.id}/async-payment`, { succeed: false })).toMatchObject({ payment_status: 'unpaid' });
    await h.settle();
    const seen = h.receiver.events.map((e) => [e.type, (e.data.object as { id: string; payment_status: string }).id, (e.data.object as { payment_status: string }).payment_status]);
    expect(seen).toEqual(expect.arrayContaining([
      ['checkout.session.completed', ok.id, 'unpaid'],
      ['checkout.session.async_payment_succeeded', ok.id, 'paid'],
      ['checkout.session.async_payment_failed', bad.id, 'unpaid'],
    ]));
    expect((await h.stripe.checkout.sessions.retrieve(ok.id)).payment_status).toBe('paid');
  });

  it('creates billing portal sessions with a hosted url', async () => {
    const c = await h.stripe.customers.create({ email: 'p@example.com' });
    const portal = await h.stripe.billingPortal.sessions.create({ customer: c.id, return_url: 'http://app.local/billing' });
    expect(portal.id).toMatch(/^bps_/);
    expect((await fetch(portal.url)).status).toBe(200);
  });
});

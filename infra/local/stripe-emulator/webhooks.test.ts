import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { signPayload } from './webhooks';
import { DAY, type Harness, WEBHOOK_SECRET, seedCatalog, startHarness, subscribeViaCheckout } from './test-support';

describe('webhook delivery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('signs like Stripe: t is real wall-clock time even after the emulator clock moved', async () => {
    await h.control('POST', '/_emulator/clock/advance', { seconds: 90 * DAY });
    await h.stripe.customers.create({ email: 'late@example.com' });
    await h.settle();
    expect(h.receiver.rejected).toEqual([]);
    const [event] = h.receiver.events;
    expect(event.created).toBeGreaterThan(Date.now() / 1000 + 89 * DAY);
    const payload = '{"id":"evt_1"}';
    const header = signPayload(payload, WEBHOOK_SECRET);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(new Stripe('sk_test_x').webhooks.constructEvent(payload, header, WEBHOOK_SECRET)).toEqual({ id: 'evt_1' });
  });

  it('holds events, lists them, and releases them reordered and duplicated', async () => {
    await h.control('POST', '/_emulator/webhooks/hold', { hold: true });
    const a = await h.stripe.customers.create({ email: 'a@example.com' });
    await h.stripe.customers.update(a.id, { name: 'A' });
    const pending = await h.control<{ pending: Array<{ id: string; type: string }> }>('GET', '/_emulator/webhooks/pending');
    expect(pending.pending.map((p) => p.type)).toEqual(['customer.created', 'customer.updated']);
    await h.settle();
    expect(h.receiver.events).toHaveLength(0);

    const [created, updated] = pending.pending.map((p) => p.id);
    const out = await h.control<{ released: Array<{ id: string }> }>('POST', '/_emulator/webhooks/release', { order: [updated, created], duplicates: 2 });
    expect(out.released.map((r) => r.id)).toEqual([updated, updated, created, created]);
    await h.settle();
    expect(h.receiver.events.map((e) => e.id)).toEqual([updated, updated, created, created]);
    expect(h.receiver.events[0].data.previous_attributes).toEqual({ name: null });

    await h.control('POST', `/_emulator/events/${created}/resend`);
    await h.settle();
    expect(h.receiver.events.at(-1)!.id).toBe(created);
    const listed = await h.stripe.events.list({ type: 'customer.created' });
    expect(listed.data.map((e) => e.id)).toEqual([created]);
    expect((await h.stripe.events.retrieve(updated)).type).toBe('customer.updated');
  });

  it('retries a non-2xx delivery with backoff until it succeeds', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    h.receiver.respondWith = 500;
    await h.stripe.customers.create({ email: 'r@example.com' });
    await new Promise((r) => setTimeout(r, 300));
    h.receiver.respondWith = 200;
    await h.settle();
    expect(h.receiver.types()).toEqual(['customer.created']);
    expect(warn.mock.calls.some(([msg]) => String(msg).includes('HTTP 500'))).toBe(true);
    warn.mockRestore();
  });
});

describe('state file', () => {
  it('survives a restart: objects, clock offset and undelivered events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
    const file = join(dir, 'state.json');
    try {
      const first = await startHarness(file);
      const cat = await seedCatalog(first.stripe);
      const { subscription, customer } = await subscribeViaCheckout(first, { licensed: cat.proMonthly.id, metered: cat.overage.id });
      await first.stripe.billing.meterEvents.create({ event_name: 'api_calls', identifier: 'once', payload: { stripe_customer_id: customer, value: '5' } });
      await first.control('POST', '/_emulator/clock/advance', { seconds: 2 * DAY });
      const clockBefore = await first.control<{ offset_seconds: number }>('GET', '/_emulator/clock');
      await first.control('POST', '/_emulator/webhooks/hold', { hold: true });
      await first.stripe.customers.update(customer, { name: 'Held' });
      await first.settle();
      await first.close();

      const second = await startHarness(file);
      try {
        expect((await second.stripe.subscriptions.retrieve(subscription)).status).toBe('active');
        expect((await second.stripe.prices.list({ lookup_keys: ['professional_monthly'] })).data).toHaveLength(1);
        const clockAfter = await second.control<{ offset_seconds: number }>('GET', '/_emulator/clock');
        expect(clockAfter.offset_seconds).toBeGreaterThanOrEqual(clockBefore.offset_seconds);
        await expect(second.stripe.billing.meterEvents.create({ event_name: 'api_calls', identifier: 'once', payload: { stripe_customer_id: customer, value: '5' } })).rejects.toMatchObject({ statusCode: 400 });
        const pending = await second.control<{ pending: Array<{ type: string }> }>('GET', '/_emulator/webhooks/pending');
        expect(pending.pending.map((p) => p.type)).toEqual(['customer.updated']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import type Stripe from 'stripe';
import { DAY, type Harness, seedCatalog, startHarness, subscribeViaCheckout } from './test-support';

let h: Harness;
let cat: Awaited<ReturnType<typeof seedCatalog>>;
beforeEach(async () => {
  h = await startHarness();
  cat = await seedCatalog(h.stripe);
});
afterEach(async () => {
  await h.close();
});

async function periodOf(subId: string) {
  const sub = await h.stripe.subscriptions.retrieve(subId);
  const seat = sub.items.data.find((i) => i.price.recurring?.usage_type === 'licensed')!;
  return { sub, seat, start: seat.current_period_start, end: seat.current_period_end };
}

describe('proration', () => {
  it('previews and applies an upgrade with always_invoice: credit unused time, charge remaining time', async () => {
    const { subscription } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    const { seat, start, end } = await periodOf(subscription);
    const at = start + Math.floor((end - start) / 2);
    const fraction = (end - at) / (end - start);
    const expected = [-Math.round(9900 * fraction), Math.round(29900 * fraction)];

    const preview = await h.stripe.invoices.createPreview({
      customer: (await periodOf(subscription)).sub.customer as string,
      subscription,
      subscription_details: { items: [{ id: seat.id, price: cat.bizMonthly.id }], proration_behavior: 'always_invoice', proration_date: at },
    });
    expect(preview.lines.data.map((l) => l.amount)).toEqual(expected);
    expect(preview.amount_due).toBe(expected[0] + expected[1]);
    expect(preview.lines.data[0].description).toMatch(/^Unused time on Professional after /);
    expect(preview.lines.data[1].parent?.subscription_item_details?.proration).toBe(true);

    const updated = await h.stripe.subscriptions.update(subscription, {
      items: [{ id: seat.id, price: cat.bizMonthly.id }],
      proration_behavior: 'always_invoice',
      proration_date: at,
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0].price.id).toBe(cat.bizMonthly.id);
    const inv = updated.latest_invoice as Stripe.Invoice;
    expect(inv).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', amount_paid: expected[0] + expected[1] });
    await h.settle();
    const upd = h.receiver.events.find((e) => e.type === 'customer.subscription.updated')!;
    expect(upd.data.previous_attributes).toHaveProperty('items');
  });

  it('create_prorations defers the prorations to the renewal invoice; none does not prorate', async () => {
    const { subscription } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    const { seat, start, end } = await periodOf(subscription);
    const at = start + Math.floor((end - start) / 4);
    await h.stripe.subscriptions.update(subscription, { items: [{ id: seat.id, price: cat.bizMonthly.id }], proration_date: at });
    expect((await h.stripe.invoices.list({ subscription })).data).toHaveLength(1);
    const fraction = (end - at) / (end - start);
    await h.control('POST', '/_emulator/clock/advance', { seconds: end - (await h.control<{ now: number }>('GET', '/_emulator/clock')).now + 5 });
    const renewal = (await h.stripe.invoices.list({ subscription })).data[0];
    expect(renewal.billing_reason).toBe('subscription_cycle');
    expect(renewal.lines.data.map((l) => l.amount)).toEqual([-Math.round(9900 * fraction), Math.round(29900 * fraction), 29900]);

    const again = await periodOf(subscription);
    await h.stripe.subscriptions.update(subscription, { items: [{ id: again.seat.id, price: cat.proMonthly.id }], proration_behavior: 'none' });
    const preview = await h.stripe.invoices.createPreview({ subscription });
    expect(preview.lines.data.map((l) => l.amount)).toEqual([9900]);
  });
});

describe('renewals, usage and cancellation', () => {
  it('bills metered usage of the ended period on the renewal invoice; a repeated identifier counts once', async () => {
    const { subscription, customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id });
    const send = (identifier: string, value: number) =>
      h.stripe.billing.meterEvents.create({ event_name: 'api_calls', identifier, payload: { stripe_customer_id: customer, value: String(value) } });
    await send('usage-1', 1000);
    await send('usage-2', 234);
    await expect(send('usage-1', 1000)).rejects.toMatchObject({ statusCode: 400, message: 'An event already exists with identifier usage-1.' });
    const summary = await h.control<{ count: number; duplicates_rejected: number; totals: Array<{ value: number }> }>('GET', '/_emulator/meter-events');
    expect(summary).toMatchObject({ count: 2, duplicates_rejected: 1, totals: [{ value: 1234 }] });

    const { start, end } = await periodOf(subscription);
    const sums = await h.stripe.billing.meters.listEventSummaries(cat.meter.id, { customer, start_time: start, end_time: end });
    expect(sums.data[0].aggregated_value).toBe(1234);

    await h.control('POST', '/_emulator/clock/advance', { seconds: 31 * DAY });
    const renewal = (await h.stripe.invoices.list({ subscription, status: 'paid' })).data[0];
    expect(renewal.period_start).toBe(start);
    expect(renewal.period_end).toBe(end);
    const usage = renewal.lines.data.find((l) => l.pricing?.price_details?.price === cat.overage.id)!;
    expect(usage).toMatchObject({ quantity: 1234, amount: 123, period: { start, end } });
    const seat = renewal.lines.data.find((l) => l.pricing?.price_details?.price === cat.proMonthly.id)!;
    expect(seat.period.start).toBe(end);
    expect(renewal.amount_paid).toBe(9900 + 123);
    const next = await periodOf(subscription);
    expect(next.start).toBe(end);
  });

  it('a failed renewal makes the subscription past_due; paying after fixing the card restores active', async () => {
    const { subscription, customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    await h.control('POST', `/_emulator/customers/${customer}/payment-behavior`, { fail: true });
    await h.control('POST', '/_emulator/clock/advance', { seconds: 31 * DAY });
    expect((await h.stripe.subscriptions.retrieve(subscription)).status).toBe('past_due');
    const open = (await h.stripe.invoices.list({ subscription, status: 'open' })).data[0];
    expect(open).toMatchObject({ attempt_count: 1, amount_due: 9900 });
    await expect(h.stripe.invoices.pay(open.id)).rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' });

    await h.control('POST', `/_emulator/customers/${customer}/payment-behavior`, { fail: false });
    const paid = await h.stripe.invoices.pay(open.id);
    expect(paid.status).toBe('paid');
    expect((await h.stripe.subscriptions.retrieve(subscription)).status).toBe('active');
    await h.settle();
    const types = h.receiver.types();
    expect(types.filter((t) => t === 'invoice.payment_failed')).toHaveLength(2);
    expect(types.slice(-3)).toEqual(['invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated']);
  });

  it('cancel_at_period_end can be resumed, and otherwise ends the subscription at period end', async () => {
    const { subscription } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    const set = await h.stripe.subscriptions.update(subscription, { cancel_at_period_end: true });
    expect(set.cancel_at).toBe(set.items.data[0].current_period_end);
    expect((await h.stripe.subscriptions.update(subscription, { cancel_at_period_end: false })).cancel_at).toBeNull();
    await h.stripe.subscriptions.update(subscription, { cancel_at_period_end: true });
    await h.control('POST', '/_emulator/clock/advance', { seconds: 40 * DAY });
    const sub = await h.stripe.subscriptions.retrieve(subscription);
    expect(sub.status).toBe('canceled');
    expect((await h.stripe.invoices.list({ subscription })).data).toHaveLength(1);
    expect((await h.stripe.subscriptions.list({ customer: sub.customer as string })).data).toHaveLength(0);
    await h.settle();
    expect(h.receiver.types()).toContain('customer.subscription.deleted');
  });

  it('cancels immediately', async () => {
    const { subscription } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    const sub = await h.stripe.subscriptions.cancel(subscription);
    expect(sub.status).toBe('canceled');
    expect(sub.ended_at).not.toBeNull();
  });
});

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

const now = async () => (await h.control<{ now: number }>('GET', '/_emulator/clock')).now;
const advanceTo = async (t: number) => h.control('POST', '/_emulator/clock/advance', { seconds: Math.max(0, t - (await now())) });

describe('yearly prices with monthly metered usage (flexible billing mode, mixed intervals)', () => {
  it('bills the year up front, usage every month on its own invoice, and renews the fee after a year', async () => {
    const yearly = await h.stripe.prices.create({ product: cat.pro.id, currency: 'usd', unit_amount: 99_000, recurring: { interval: 'year' } });
    const { subscription, customer } = await subscribeViaCheckout(h, { licensed: yearly.id, metered: cat.overage.id });
    const sub = await h.stripe.subscriptions.retrieve(subscription);
    expect(sub.billing_mode.type).toBe('flexible');
    const fee = sub.items.data.find((i) => i.price.id === yearly.id)!;
    const usage = sub.items.data.find((i) => i.price.id === cat.overage.id)!;
    expect(fee.current_period_end - fee.current_period_start).toBeGreaterThanOrEqual(365 * DAY);
    expect(usage.current_period_end - usage.current_period_start).toBeLessThanOrEqual(31 * DAY);
    const first = (await h.stripe.invoices.list({ subscription })).data;
    expect(first.map((i) => i.amount_paid)).toEqual([99_000]);

    await h.stripe.billing.meterEvents.create({ event_name: 'api_calls', payload: { stripe_customer_id: customer, value: '1000' }, timestamp: await now() });
    await advanceTo(usage.current_period_end + 5);
    const afterMonth = (await h.stripe.invoices.list({ subscription })).data;
    expect(afterMonth).toHaveLength(2);
    // 1,000 calls at 0.1 cent: $1.00 of usage, no plan fee on the monthly invoice.
    expect(afterMonth[0]).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 100, period_start: usage.current_period_start, period_end: usage.current_period_end });
    expect((await h.stripe.subscriptions.retrieve(subscription)).items.data.find((i) => i.price.id === yearly.id)!.current_period_end).toBe(fee.current_period_end);

    await advanceTo(fee.current_period_end + 5);
    const all = (await h.stripe.invoices.list({ subscription, limit: 100 })).data;
    // 1 first invoice + 11 monthly usage invoices + the renewal (the 12th month's usage and the next year's fee).
    expect(all).toHaveLength(13);
    expect(all[0].amount_paid).toBe(99_000);
    const renewed = await h.stripe.subscriptions.retrieve(subscription);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data.find((i) => i.price.id === yearly.id)!.current_period_start).toBe(fee.current_period_end);
  });

  it('cancel_at_period_end resolves to the earliest item end (Stripe rule); cancel_at=max_period_end to the year end', async () => {
    const yearly = await h.stripe.prices.create({ product: cat.pro.id, currency: 'usd', unit_amount: 99_000, recurring: { interval: 'year' } });
    const { subscription } = await subscribeViaCheckout(h, { licensed: yearly.id, metered: cat.overage.id });
    const sub = await h.stripe.subscriptions.retrieve(subscription);
    const ends = sub.items.data.map((i) => i.current_period_end);
    expect((await h.stripe.subscriptions.update(subscription, { cancel_at_period_end: true })).cancel_at).toBe(Math.min(...ends));
    await h.stripe.subscriptions.update(subscription, { cancel_at_period_end: false });
    expect((await h.stripe.subscriptions.update(subscription, { cancel_at: 'max_period_end' })).cancel_at).toBe(Math.max(...ends));
    await advanceTo(Math.min(...ends) + 5);
    expect((await h.stripe.subscriptions.retrieve(subscription)).status).toBe('active');
    expect((await h.stripe.subscriptions.update(subscription, { cancel_at: '' })).cancel_at).toBeNull();
  });

  it('switching monthly to yearly resets the anchor, credits the unused month and charges the year', async () => {
    const yearly = await h.stripe.prices.create({ product: cat.pro.id, currency: 'usd', unit_amount: 99_000, recurring: { interval: 'year' } });
    const { subscription } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id });
    const sub = await h.stripe.subscriptions.retrieve(subscription);
    const fee = sub.items.data.find((i) => i.price.id === cat.proMonthly.id)!;
    const at = fee.current_period_start + Math.floor((fee.current_period_end - fee.current_period_start) / 2);
    await advanceTo(at);
    const updated = await h.stripe.subscriptions.update(subscription, { items: [{ id: fee.id, price: yearly.id }], proration_behavior: 'always_invoice', proration_date: at, expand: ['latest_invoice'] });
    const invoice = updated.latest_invoice as { amount_paid: number; lines: { data: Array<{ amount: number }> } };
    const credit = -Math.round(9900 * ((fee.current_period_end - at) / (fee.current_period_end - fee.current_period_start)));
    expect(invoice.lines.data.map((l) => l.amount)).toEqual(expect.arrayContaining([credit, 99_000]));
    expect(invoice.amount_paid).toBe(99_000 + credit);
    expect(updated.billing_cycle_anchor).toBe(at);
    const periods = updated.items.data.map((i) => i.current_period_end - i.current_period_start);
    expect(Math.max(...periods)).toBeGreaterThanOrEqual(365 * DAY);
    expect(Math.min(...periods)).toBeLessThanOrEqual(31 * DAY);
  });
});

describe('trials', () => {
  it('a 14-day trial bills $0 (usage during it too), announces its end 3 days before, and converts to paid', async () => {
    const { subscription, customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id }, { trialDays: 14 });
    const sub = await h.stripe.subscriptions.retrieve(subscription);
    expect(sub).toMatchObject({ status: 'trialing', trial_end: sub.trial_start! + 14 * DAY });
    await h.stripe.billing.meterEvents.create({ event_name: 'api_calls', payload: { stripe_customer_id: customer, value: '5000' }, timestamp: await now() });
    await advanceTo(sub.trial_end! - 3 * DAY + 5);
    await h.settle();
    expect(h.receiver.types()).toContain('customer.subscription.trial_will_end');
    await advanceTo(sub.trial_end! + 5);
    await h.settle();
    const converted = await h.stripe.subscriptions.retrieve(subscription);
    expect(converted.status).toBe('active');
    const invoices = (await h.stripe.invoices.list({ subscription })).data;
    expect(invoices.map((i) => i.amount_paid)).toEqual([9900, 0]);
    expect(invoices[0].lines.data.find((l) => /Trial usage/.test(l.description ?? ''))?.amount).toBe(0);
  });
});

describe('coupons and promotion codes', () => {
  async function checkout(opts: { allow?: boolean; trialDays?: number } = {}) {
    return h.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'owner@example.com',
      line_items: [{ price: cat.proMonthly.id, quantity: 1 }, { price: cat.overage.id }],
      success_url: 'http://app.local/ok',
      cancel_url: 'http://app.local/cancel',
      ...(opts.allow ? { allow_promotion_codes: true } : {}),
      ...(opts.trialDays ? { subscription_data: { trial_period_days: opts.trialDays } } : {}),
    });
  }

  it('a code typed on the hosted page discounts the first invoice only (duration once)', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 50, duration: 'once', name: 'Launch' });
    const promo = await h.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'LAUNCH50' });
    const session = await checkout({ allow: true });
    const done = await h.control<{ subscription: string; invoice: string }>('POST', `/_emulator/checkout/${session.id}/complete`, { promotion_code: 'launch50' });
    const first = await h.stripe.invoices.retrieve(done.invoice);
    expect(first).toMatchObject({ subtotal: 9900, total: 4950, amount_paid: 4950 });
    expect(first.total_discount_amounts).toHaveLength(1);
    const completed = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({ amount_total: 4950, total_details: { amount_discount: 4950 } });
    expect(completed.discounts).toEqual([{ coupon: coupon.id, promotion_code: promo.id }]);
    expect((await h.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    const period = (await h.stripe.subscriptions.retrieve(done.subscription)).items.data[0];
    await advanceTo(period.current_period_end + 5);
    expect((await h.stripe.invoices.list({ subscription: done.subscription })).data[0]).toMatchObject({ total: 9900, amount_paid: 9900 });
  });

  it('after a trial, a once coupon waits for the first paid invoice; codes need allow_promotion_codes and must be valid', async () => {
    const coupon = await h.stripe.coupons.create({ amount_off: 2000, currency: 'usd', duration: 'once' });
    await h.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'TWENTY', max_redemptions: 1 });
    const closed = await checkout();
    await expect(h.control('POST', `/_emulator/checkout/${closed.id}/complete`, { promotion_code: 'TWENTY' })).rejects.toThrow(/does not accept promotion codes/);
    await expect(h.control('POST', `/_emulator/checkout/${(await checkout({ allow: true })).id}/complete`, { promotion_code: 'NOPE' })).rejects.toThrow(/No such promotion code/);
    const trial = await checkout({ allow: true, trialDays: 14 });
    const done = await h.control<{ subscription: string; invoice: string }>('POST', `/_emulator/checkout/${trial.id}/complete`, { promotion_code: 'TWENTY' });
    expect((await h.stripe.invoices.retrieve(done.invoice)).total).toBe(0);
    const sub = await h.stripe.subscriptions.retrieve(done.subscription);
    await advanceTo(sub.trial_end! + 5);
    expect((await h.stripe.invoices.list({ subscription: done.subscription })).data[0]).toMatchObject({ subtotal: 9900, total: 7900 });
    await expect(h.control('POST', `/_emulator/checkout/${(await checkout({ allow: true })).id}/complete`, { promotion_code: 'TWENTY' })).rejects.toThrow(/no longer valid/);
  });
});

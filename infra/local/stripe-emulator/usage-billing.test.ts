import Stripe from 'stripe';
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

describe('meter events refuse what Stripe refuses', () => {
  it('decimal values, long identifiers, unknown and missing params are 400s that name the param; nothing is recorded', async () => {
    const { customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id });
    const send = (params: Record<string, unknown>) => h.stripe.billing.meterEvents.create(params as unknown as Stripe.Billing.MeterEventCreateParams);
    const payload = (value: string) => ({ stripe_customer_id: customer, value });
    await expect(send({ event_name: 'api_calls', identifier: 'd1', payload: payload('0.5') })).rejects.toMatchObject({ statusCode: 400, param: 'payload[value]', code: 'parameter_invalid' });
    await expect(send({ event_name: 'api_calls', identifier: 'd2', payload: payload('101.5') })).rejects.toMatchObject({ statusCode: 400, param: 'payload[value]' });
    await expect(send({ event_name: 'api_calls', identifier: 'x'.repeat(101), payload: payload('1') })).rejects.toMatchObject({ statusCode: 400, param: 'identifier' });
    await expect(send({ event_name: 'api_calls', identifier: 'u1', payload: payload('1'), value: '1' })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'value' });
    await expect(send({ identifier: 'm1', payload: payload('1') })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'event_name' });
    await expect(send({ event_name: 'api_calls', identifier: 'm2' })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'payload' });
    // 100 characters is still fine, and a whole value is accepted.
    await send({ event_name: 'api_calls', identifier: 'y'.repeat(100), payload: payload('7') });
    const summary = (await h.control<{ events: { value: number }[] }>('GET', '/_emulator/meter-events')).events;
    expect(summary.map((e) => e.value)).toEqual([7]);
  });

  it('event summaries aggregate the customer’s events in [start_time, end_time)', async () => {
    const { customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id });
    const t = await now();
    for (const [i, value] of [3, 4].entries()) {
      await h.stripe.billing.meterEvents.create({ event_name: 'api_calls', identifier: `s${i}`, timestamp: t - 60 + i, payload: { stripe_customer_id: customer, value: String(value) } });
    }
    const page = await h.stripe.billing.meters.listEventSummaries(cat.meter.id, { customer, start_time: t - 120, end_time: t + 60 });
    expect(page.data[0].aggregated_value).toBe(7);
    await expect(h.stripe.billing.meters.listEventSummaries(cat.meter.id, { customer } as Stripe.Billing.MeterListEventSummariesParams)).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing' });
  });
});

describe('invoice items', () => {
  it('an item on a subscription is billed on its next invoice, with its description', async () => {
    const { subscription, customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id, metered: cat.overage.id });
    const item = await h.stripe.invoiceItems.create({
      customer,
      subscription,
      description: 'Late usage: api_calls for an earlier period',
      quantity: 1500,
      unit_amount_decimal: Stripe.Decimal.from('0.1'),
      currency: 'usd',
      metadata: { argus_send: 'k1' },
    });
    expect(item).toMatchObject({ amount: 150, invoice: null, subscription, quantity: 1500 });
    expect((await h.stripe.invoiceItems.list({ customer, pending: true })).data.map((i) => i.id)).toEqual([item.id]);
    await h.control('POST', '/_emulator/clock/advance', { seconds: 32 * DAY });
    const renewal = (await h.stripe.invoices.list({ subscription })).data[0];
    const line = renewal.lines.data.find((l) => l.description === 'Late usage: api_calls for an earlier period');
    expect(line).toMatchObject({ amount: 150, quantity: 1500 });
    expect(renewal.status).toBe('paid');
    expect((await h.stripe.invoiceItems.retrieve(item.id)).invoice).toBe(renewal.id);
  });

  it('a customer invoice takes the pending items no live subscription bills, and finalizing collects it', async () => {
    const { subscription, customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    await h.stripe.subscriptions.cancel(subscription);
    await h.stripe.invoiceItems.create({ customer, description: 'Final usage: api_calls', amount: 420, currency: 'usd' });
    const draft = await h.stripe.invoices.create({ customer, pending_invoice_items_behavior: 'include', auto_advance: true });
    expect(draft.status).toBe('draft');
    expect(draft.lines.data.map((l) => [l.description, l.amount])).toEqual([['Final usage: api_calls', 420]]);
    const paid = await h.stripe.invoices.finalizeInvoice(draft.id!);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 420 });
    await expect(h.stripe.invoices.finalizeInvoice(draft.id!)).rejects.toMatchObject({ statusCode: 400 });
    expect((await h.stripe.invoiceItems.list({ customer, pending: true })).data).toHaveLength(0);
  });

  it('refuses both amount and unit_amount_decimal, neither, a foreign subscription and unknown params', async () => {
    const a = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    const b = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id }, { email: 'b@example.com' });
    const create = (params: Record<string, unknown>) => h.stripe.invoiceItems.create(params as unknown as Stripe.InvoiceItemCreateParams);
    await expect(create({ customer: a.customer, amount: 1, unit_amount_decimal: '1' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(create({ customer: a.customer })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing' });
    await expect(create({ customer: a.customer, amount: 1, subscription: b.subscription })).rejects.toMatchObject({ statusCode: 400, param: 'subscription' });
    await expect(create({ customer: a.customer, amount: 1, unit_amount: 1 })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
    await expect(create({ amount: 1 })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'customer' });
  });
});

describe('list filters', () => {
  it('`created` filters invoices (created) and invoice items (date) by exact time or range', async () => {
    const { customer } = await subscribeViaCheckout(h, { licensed: cat.proMonthly.id });
    const t = await now();
    await h.stripe.invoiceItems.create({ customer, amount: 1, currency: 'usd' });
    expect((await h.stripe.invoiceItems.list({ customer, created: { gte: t } })).data).toHaveLength(1);
    expect((await h.stripe.invoiceItems.list({ customer, created: { gt: t + 10 } })).data).toHaveLength(0);
    expect((await h.stripe.invoices.list({ customer, created: { lt: t - 10 } })).data).toHaveLength(0);
    expect((await h.stripe.invoices.list({ customer, created: { lte: t } })).data).toHaveLength(1);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eventCustomerId, HANDLED_STRIPE_EVENT_TYPES, invoiceSubscriptionId, stripeEventSchema } from './stripe';

const dir = path.join(__dirname, 'samples', 'stripe');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));

describe('Stripe event schemas', () => {
  it.each(readdirSync(dir).filter((f) => f !== 'lifecycle.json'))('parses the sample %s', (file) => {
    const event = stripeEventSchema.parse(load(file));
    expect(HANDLED_STRIPE_EVENT_TYPES).toContain(event.type);
    expect(eventCustomerId(event)).toMatch(/^cus_/);
  });

  it('parses every event of the recorded lifecycle', () => {
    const events = (load('lifecycle.json') as unknown[]).map((e) => stripeEventSchema.parse(e));
    expect(events.length).toBeGreaterThan(10);
    const invoice = events.find((e) => e.type === 'invoice.paid')!;
    expect(invoice.data.object.object === 'invoice' && invoiceSubscriptionId(invoice.data.object)).toMatch(/^sub_/);
  });

  it('refuses an event whose object lacks what billing reads', () => {
    const event = load('subscription-created.json') as { data: { object: Record<string, unknown> } };
    delete event.data.object.items;
    expect(stripeEventSchema.safeParse(event).success).toBe(false);
  });
});

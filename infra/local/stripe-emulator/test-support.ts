import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from './index';

export const WEBHOOK_SECRET = 'whsec_test_emulator_secret';

/** A local webhook receiver that verifies every delivery with the real SDK, like Argus's handler will. */
export class WebhookReceiver {
  readonly events: Stripe.Event[] = [];
  readonly rejected: string[] = [];
  /** Status to answer with; tests flip it to exercise retries. */
  respondWith = 200;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        const event = new Stripe('sk_test_x').webhooks.constructEvent(raw, String(req.headers['stripe-signature']), WEBHOOK_SECRET);
        if (this.respondWith === 200) this.events.push(event);
      } catch (err) {
        this.rejected.push((err as Error).message);
        res.writeHead(400).end();
        return;
      }
      res.writeHead(this.respondWith).end('{"received":true}');
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  receiver: WebhookReceiver;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  /** Waits until every queued webhook has been delivered (or given up). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(stateFile?: string): Promise<Harness> {
  const receiver = await new WebhookReceiver().start();
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET, webhookUrl: receiver.url, stateFile });
  const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0 });
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    emulator,
    stripe,
    receiver,
    control,
    settle: async () => {
      await control('POST', '/_emulator/webhooks/wait');
    },
    close: async () => {
      await emulator.close();
      await receiver.close();
    },
  };
}

/** A catalog like Argus's: a licensed monthly price per plan and a metered overage price on one meter. */
export async function seedCatalog(stripe: Stripe) {
  const meter = await stripe.billing.meters.create({
    display_name: 'API calls',
    event_name: 'api_calls',
    default_aggregation: { formula: 'sum' },
    customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
    value_settings: { event_payload_key: 'value' },
  });
  const pro = await stripe.products.create({ name: 'Professional' });
  const biz = await stripe.products.create({ name: 'Business' });
  const proMonthly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 9900, recurring: { interval: 'month' }, lookup_key: 'professional_monthly' });
  const bizMonthly = await stripe.prices.create({ product: biz.id, currency: 'usd', unit_amount: 29900, recurring: { interval: 'month' }, lookup_key: 'business_monthly' });
  const overage = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('0.1'), recurring: { interval: 'month', usage_type: 'metered', meter: meter.id }, lookup_key: 'professional_api_calls' });
  return { meter, pro, biz, proMonthly, bizMonthly, overage };
}

export async function subscribeViaCheckout(h: Harness, prices: { licensed: string; metered?: string }, opts: { trialDays?: number; email?: string } = {}) {
  const session = await h.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer_email: opts.email ?? 'owner@example.com',
    line_items: [{ price: prices.licensed, quantity: 1 }, ...(prices.metered ? [{ price: prices.metered }] : [])],
    success_url: 'http://app.local/ok?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://app.local/cancel',
    client_reference_id: 'org_123',
    metadata: { orgId: 'org_123' },
    subscription_data: { metadata: { orgId: 'org_123' }, ...(opts.trialDays ? { trial_period_days: opts.trialDays } : {}) },
  });
  const done = await h.control<{ subscription: string; customer: string; invoice: string }>('POST', `/_emulator/checkout/${session.id}/complete`);
  return { session, ...done };
}

export const DAY = 86400;

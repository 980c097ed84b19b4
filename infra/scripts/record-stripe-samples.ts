import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Stripe from 'stripe';
import { HANDLED_STRIPE_EVENT_TYPES } from '../../events/stripe';
import { syncStripeCatalog } from '../../shared/billing/stripe-sync';
import { licensedLookupKey, overageLookupKey } from '../../shared/billing/stripe-catalog';
import { metricIds } from '../../shared/plans/catalog';
import { stripeClientFor } from '../../shared/clients/stripe-factory';
import { startStripeEmulator } from '../local/stripe-emulator';
import { REPO_ROOT } from '../local/state';

/**
 * Regenerates events/samples/stripe/*.json from the Stripe emulator: one subscription's whole life (checkout, upgrade,
 * failed renewal, recovery, cancel at period end, end) as the webhooks Stripe sends, plus single-event samples.
 * `npx tsx infra/scripts/record-stripe-samples.ts`
 */
const OUT = path.join(REPO_ROOT, 'events', 'samples', 'stripe');
const DAY = 86_400;

async function main(): Promise<void> {
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: 'whsec_samples' });
  const control = async (p: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${p}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  };
  const stripe = stripeClientFor('sk_test_samples', emulator.url);
  try {
    await syncStripeCatalog(stripe);
    const priceOf = async (key: string) => (await stripe.prices.list({ lookup_keys: [key] })).data[0]!.id;
    const planItems = async (planId: string) => [await priceOf(licensedLookupKey(planId)), ...(await Promise.all(metricIds.map((m) => priceOf(overageLookupKey(planId, m)))))];

    const customer = await stripe.customers.create({ name: 'Sample Org', metadata: { orgId: 'org_sample' } });
    const [licensed, ...metered] = await planItems('professional');
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: 'org_sample',
      line_items: [{ price: licensed!, quantity: 1 }, ...metered.map((price) => ({ price }))],
      success_url: 'https://app.example/ok',
      cancel_url: 'https://app.example/cancel',
      subscription_data: { metadata: { orgId: 'org_sample', planId: 'professional' } },
    });
    const { subscription: subId } = (await control(`/_emulator/checkout/${session.id}/complete`, {})) as { subscription: string };

    const sub = await stripe.subscriptions.retrieve(subId);
    const business = await planItems('business');
    await stripe.subscriptions.update(subId, { items: sub.items.data.map((item, i) => ({ id: item.id, price: business[i]! })), proration_behavior: 'always_invoice' });

    const periodEnd = (s: Stripe.Subscription) => s.items.data[0]!.current_period_end;
    const now = async () => (await control('/_emulator/clock')).now as number;
    await control(`/_emulator/customers/${customer.id}/payment-behavior`, { fail: true });
    await control('/_emulator/clock/advance', { seconds: periodEnd(await stripe.subscriptions.retrieve(subId)) - (await now()) + 10 });
    await control(`/_emulator/customers/${customer.id}/payment-behavior`, { fail: false });
    await control('/_emulator/clock/advance', { seconds: 3 * DAY + 10 });
    await stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    await control('/_emulator/clock/advance', { seconds: periodEnd(await stripe.subscriptions.retrieve(subId)) - (await now()) + 10 });

    const all = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 1000 })).reverse();
    const handled = all.filter((e) => HANDLED_STRIPE_EVENT_TYPES.includes(e.type));
    mkdirSync(OUT, { recursive: true });
    const write = (name: string, value: unknown) => writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
    write('lifecycle', handled);
    const first = (type: string, test: (e: Stripe.Event) => boolean = () => true) => handled.find((e) => e.type === type && test(e));
    write('subscription-created', first('customer.subscription.created'));
    write('subscription-updated-past-due', first('customer.subscription.updated', (e) => (e.data.object as Stripe.Subscription).status === 'past_due'));
    write('subscription-updated-cancel-at-period-end', first('customer.subscription.updated', (e) => (e.data.object as Stripe.Subscription).cancel_at_period_end));
    write('subscription-deleted', first('customer.subscription.deleted'));
    write('invoice-paid', first('invoice.paid'));
    write('invoice-payment-failed', first('invoice.payment_failed'));
    process.stdout.write(`${handled.length} events: ${handled.map((e) => e.type).join(', ')}\n`);
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});

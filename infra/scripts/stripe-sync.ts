import { stripeClientFor } from '../../shared/clients/stripe-factory';
import { syncStripeCatalog } from '../../shared/billing/stripe-sync';
import { readLocalJson } from '../local/state';

/**
 * `npm run stripe:sync`: creates or updates the catalog's Stripe meters, products and prices.
 * With STRIPE_SECRET_KEY set it talks to that Stripe account (test or live mode, by the key); otherwise to the
 * running local stack's Stripe emulator named in .argus/local.json (ARGUS_STATE_DIR moves it).
 */
async function main(): Promise<void> {
  const key = process.env.STRIPE_SECRET_KEY;
  const stripe = key ? stripeClientFor(key, process.env.STRIPE_API_URL) : stripeClientFor('sk_test_argus_local', readLocalJson().stripe.apiUrl);
  const target = key ? (process.env.STRIPE_API_URL ?? 'api.stripe.com') : 'the local Stripe emulator';
  const summary = await syncStripeCatalog(stripe);
  process.stdout.write(
    `Stripe catalog synced to ${target}: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.unchanged} unchanged\n` +
      [...summary.created.map((c) => `  + ${c}\n`), ...summary.updated.map((u) => `  ~ ${u}\n`)].join(''),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`stripe:sync failed: ${(error as Error).message}\n`);
  process.exit(1);
});

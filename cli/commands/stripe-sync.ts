import { UsageError, type CliCommand } from '../command';
import { readLocalJson } from '../../infra/local/state';

export const stripeSync: CliCommand = {
  name: 'stripe sync',
  summary: "create or update the catalog's Stripe meters, products and prices",
  usage: '',
  options: {},
  examples: ['npx argus stripe sync                               # the local stack\'s Stripe emulator', 'STRIPE_SECRET_KEY=sk_test_… npx argus stripe sync --json   # a Stripe account (test or live, by the key)'],
  async run({ positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const { stripeClientFor } = await import('../../shared/clients/stripe-factory');
    const { syncStripeCatalog } = await import('../../shared/billing/stripe-sync');
    const key = process.env.STRIPE_SECRET_KEY;
    const stripe = key ? stripeClientFor(key, process.env.STRIPE_API_URL) : stripeClientFor('sk_test_argus_local', readLocalJson().stripe.apiUrl);
    const target = key ? (process.env.STRIPE_API_URL ?? 'api.stripe.com') : 'the local Stripe emulator';
    const summary = await syncStripeCatalog(stripe);
    const text = [
      `Stripe catalog synced to ${target}: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.unchanged} unchanged`,
      ...summary.created.map((c) => `  + ${c}`),
      ...summary.updated.map((u) => `  ~ ${u}`),
    ].join('\n');
    return { json: { target, ...summary }, text };
  },
};

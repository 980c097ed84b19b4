import { requireString, UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

export const subscriptionsMigrate: CliCommand = {
  name: 'subscriptions migrate',
  summary: "move a plan's subscriptions to another catalog version at their next renewal (no proration); each move is audited",
  usage: '--plan <planId> --to <version> [--dry-run]',
  options: {
    plan: { type: 'string', help: 'the plan whose subscriptions move' },
    to: { type: 'string', help: 'the catalog version to move them to (usually the current one)' },
    'dry-run': { type: 'boolean', help: 'list what would move, change nothing' },
  },
  examples: ['npx argus subscriptions migrate --plan professional --to 2 --dry-run', 'STRIPE_SECRET_KEY=sk_live_… TABLE_NAME=argus-prod-table npx argus subscriptions migrate --plan professional --to 2 --json'],
  async run({ positionals, values }) {
    if (positionals.length) throw new UsageError('subscriptions migrate takes no arguments');
    const planId = requireString({ positionals, values }, 'plan');
    const to = Number(requireString({ positionals, values }, 'to'));
    if (!Number.isInteger(to) || to <= 0) throw new UsageError('--to takes a catalog version (a whole number)');
    const target = resolveTarget();
    const { stripeClientFor } = require('../../shared/clients/stripe-factory') as typeof import('../../shared/clients/stripe-factory');
    let stripe;
    if (process.env.STRIPE_SECRET_KEY) stripe = stripeClientFor(process.env.STRIPE_SECRET_KEY, process.env.STRIPE_API_URL);
    else if (target.kind === 'local') stripe = stripeClientFor('sk_test_argus_local', (require('../../infra/local/state') as typeof import('../../infra/local/state')).readLocalJson().stripe.apiUrl);
    else throw new UsageError('set STRIPE_SECRET_KEY for a deployed stage');
    const { migrateSubscriptions } = require('../../shared/operator/migrate-subscriptions') as typeof import('../../shared/operator/migrate-subscriptions');
    const actor = { type: 'operator' as const, id: `cli:${process.env.USER ?? 'operator'}` };
    const results = await migrateSubscriptions(stripe, planId, to, actor, values['dry-run'] === true);
    const failed = results.filter((r) => r.status === 'failed');
    const lines = results.map((r) => `  ${r.status.padEnd(8)} ${r.orgId} ${r.subscriptionId} v${r.from} -> v${r.to} at ${r.effectiveAt}${r.error ? ` (${r.error})` : ''}`);
    return {
      json: { planId, to, results },
      text: results.length ? `${results.length} subscription(s) of ${planId}:\n${lines.join('\n')}` : `No subscription of ${planId} is on another version than ${to}`,
      exitCode: failed.length ? 1 : 0,
    };
  },
};

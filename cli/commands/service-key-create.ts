import { UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

export const serviceKeyCreate: CliCommand = {
  name: 'service-key create',
  summary: 'create a platform service key (every scope, any org) and print its secret once',
  usage: '<name>',
  options: {},
  examples: ['npx argus service-key create "billing worker"', 'TABLE_NAME=argus-prod-table AWS_REGION=eu-west-1 npx argus service-key create ci --json'],
  async run({ positionals }) {
    const [name] = positionals;
    if (!name || positionals.length > 1) throw new UsageError('give the key one name (quote it if it has spaces)');
    resolveTarget();
    // Imported after the target is resolved: shared/db reads TABLE_NAME when it loads.
    const { createServiceKey } = require('../../shared/identity/service-key') as typeof import('../../shared/identity/service-key');
    const key = await createServiceKey(name);
    const json = { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, key: key.key };
    return { json, text: `Created service key ${key.id} (${key.name}). Its secret is shown once; keep it in a secrets manager:\n${key.key}` };
  },
};

import { coldStartBench } from './cold-start';
import { ingestBench } from './ingest';
import { quotaBench } from './quota';

/**
 * `npm run bench [-- suite ...]`: runs the named suites (all by default) one after another against a local stack
 * (attached via ARGUS_STATE_DIR, or started for the run) and prints one JSON object keyed by suite.
 * Each suite bounds its own load in time.
 */
const suites: Record<string, () => Promise<unknown>> = {
  'cold-start': () => coldStartBench(),
  ingest: () => ingestBench(),
  quota: () => quotaBench(),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
  const unknown = names.filter((n) => !suites[n]);
  if (unknown.length) throw new Error(`unknown bench suite(s) ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  const results: Record<string, unknown> = {};
  for (const name of names) results[name] = await suites[name]!();
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

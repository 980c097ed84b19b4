import { UsageError, type CliCommand, type CommandInput } from '../command';
import { listDlq, redriveDlq, type DlqName } from '../dlq';

const options = {
  queue: { type: 'string' as const, help: 'usage (default) or webhooks' },
  max: { type: 'string' as const, help: 'at most this many messages (default 1000)' },
};

function parse(input: CommandInput): { queue: DlqName; max: number } {
  const queue = (input.values.queue as string | undefined) ?? 'usage';
  if (queue !== 'usage' && queue !== 'webhooks') throw new UsageError(`--queue must be usage or webhooks, not "${queue}"`);
  const max = input.values.max === undefined ? 1000 : Number(input.values.max);
  if (!Number.isInteger(max) || max < 1) throw new UsageError('--max must be a positive whole number');
  if (input.positionals.length) throw new UsageError(`unexpected argument "${input.positionals[0]}"`);
  return { queue, max };
}

export const dlqList: CliCommand = {
  name: 'dlq list',
  summary: 'show what waits in a dead-letter queue, and why',
  usage: '[--queue usage|webhooks] [--max N]',
  options,
  examples: ['npx argus dlq list', 'npx argus dlq list --queue webhooks --json'],
  async run(input) {
    const { queue, max } = parse(input);
    const listing = await listDlq(queue, max);
    const reasons = Object.entries(listing.byReason).map(([code, n]) => `  ${code}: ${n}`);
    return { json: listing, text: listing.count === 0 ? `The ${queue} DLQ is empty.` : [`${listing.count} message(s) in the ${queue} DLQ:`, ...reasons].join('\n') };
  },
};

export const dlqRedrive: CliCommand = {
  name: 'dlq redrive',
  summary: 'send dead-lettered messages back to their queue (safe: ids are idempotent)',
  usage: '[--queue usage|webhooks] [--max N]',
  options,
  examples: ['npx argus dlq redrive', 'npx argus dlq redrive --queue webhooks --max 100'],
  async run(input) {
    const { queue, max } = parse(input);
    const result = await redriveDlq(queue, max);
    return { json: result, text: `Redrove ${result.redriven} message(s) to the ${queue} queue${result.failed ? `; ${result.failed} could not be sent` : ''}.`, exitCode: result.failed ? 1 : 0 };
  },
};

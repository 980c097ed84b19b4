import { UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

export const meterSinkRun: CliCommand = {
  name: 'meter-sink run',
  summary: "run the meter sink now: queue every metered (org, period) for reporting to Stripe (it runs every 5 minutes anyway)",
  usage: '',
  options: {},
  examples: ['npx argus meter-sink run', 'TABLE_NAME=… METER_SINK_QUEUE_URL=… AWS_REGION=… npx argus meter-sink run --json'],
  async run({ positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const target = resolveTarget();
    let summary: unknown;
    if (target.kind === 'local') {
      // The local stack runs the same scheduled handler on request, with its own environment.
      const res = await fetch(`${target.apiUrl}/_local/schedules/usage-meter-sink`, { method: 'POST' });
      if (!res.ok) throw new Error(`the local stack answered ${res.status}`);
      summary = ((await res.json()) as { result: unknown }).result;
    } else {
      const queueUrl = process.env.METER_SINK_QUEUE_URL;
      if (!queueUrl || !process.env.TABLE_NAME) throw new UsageError('a stage needs TABLE_NAME and METER_SINK_QUEUE_URL (stack outputs)');
      const { enqueueMeteredPeriods } = await import('../../shared/usage/meter-sink');
      summary = await enqueueMeteredPeriods(queueUrl, new Date());
    }
    return { json: summary, text: `Meter sink fan-out: ${JSON.stringify(summary)}\nThe meter sink queue's consumer reports each (org, period) to Stripe.` };
  },
};

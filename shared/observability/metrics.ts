import { z } from 'zod';
import { readConfig } from '../config';
import { ARGUS_METRICS, type ArgusMetric, METRIC_DIMENSION, METRICS_NAMESPACE } from './metric-names';

// Names live in metric-names.ts so CDK (dashboard, alarms) can read them without this module's settings.
// Optional: a process without a stage (a test, a script) has no CloudWatch to write to either.
const { STAGE } = readConfig({ STAGE: z.string().min(1).optional() });

/** Adds `value` to a metric. Never throws: a metric must not fail the request that counts it. */
export function emitMetric(name: ArgusMetric, value = 1, write: (line: string) => void = (line) => process.stdout.write(line)): void {
  if (!STAGE || STAGE === 'local') return;
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[METRIC_DIMENSION]], Metrics: [{ Name: name, Unit: ARGUS_METRICS[name] }] }],
    },
    [METRIC_DIMENSION]: STAGE,
    [name]: value,
  };
  try {
    // Straight to stdout, not console.log: Lambda prefixes console lines, and CloudWatch reads EMF only from a line that is JSON.
    write(`${JSON.stringify(line)}\n`);
  } catch {
    // nothing to do: losing one data point is better than failing the caller
  }
}

import { logger } from '../../shared/logger';
import { runMeterSink } from '../../shared/usage/meter-sink';

/** Scheduled: reports paid orgs' usage to Stripe meters with deterministic identifiers (reruns send nothing twice). */
export const handler = async () => {
  const summary = await runMeterSink();
  logger.info('meter sink run', { ...summary, skipped: summary.skipped.length });
  // Every other org was reported; failing the invocation makes the rest visible (errors metric, alarms).
  if (summary.failed.length) throw new Error(`meter reports failed for ${summary.failed.length} (org, metric) pairs: ${summary.failed.slice(0, 10).join(', ')}`);
  return summary;
};

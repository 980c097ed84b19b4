import { logger } from '../../shared/logger';
import { runMeterSink } from '../../shared/usage/meter-sink';

/** Scheduled: reports paid orgs' usage to Stripe meters with deterministic identifiers (reruns send nothing twice). */
export const handler = async () => {
  const summary = await runMeterSink();
  logger.info('meter sink run', { ...summary, skipped: summary.skipped.length });
  return summary;
};

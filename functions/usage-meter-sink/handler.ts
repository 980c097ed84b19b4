import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../../shared/config';
import { logger } from '../../shared/logger';
import { enqueueMeteredPeriods } from '../../shared/usage/meter-sink';

const { METER_SINK_QUEUE_URL } = readConfig({ METER_SINK_QUEUE_URL: z.string().min(1) });

/**
 * Scheduled: fans the meter sink out, one message per (org, period) to the meter sink queue (oldest periods first,
 * position saved, so a run cut short resumes on the next schedule). `usage-meter-report` reports each one.
 */
export const handler = async (_event: unknown, context?: Context) => {
  const summary = await enqueueMeteredPeriods(METER_SINK_QUEUE_URL, new Date(), () => context?.getRemainingTimeInMillis() ?? Infinity);
  logger.info('meter sink fan-out', { ...summary });
  return summary;
};

import { logger } from '../logger';
import { emitMetric } from '../observability/metrics';

export type MeterAlarmMetric = 'MeterSendsRejected' | 'MeterSendsStuck';

/**
 * Counts `Argus/<name>` (namespace `Argus`, dimension `Stage`: what the stage's alarms watch) and logs the context (org,
 * metric, period, reason) for whoever follows the alarm to the log.
 */
export function emitMeterAlarm(name: MeterAlarmMetric, context: Record<string, unknown>, now = new Date()): void {
  emitMetric(name);
  logger.warn(name === 'MeterSendsRejected' ? 'meter send rejected by Stripe' : 'meter send stuck pending', { ...context, at: now.toISOString() });
}

import { logger } from '../logger';

/** Metric names the alarms watch (namespace `Argus`, no dimensions): keep them exactly. */
export type MeterAlarmMetric = 'MeterSendsRejected' | 'MeterSendsStuck';

/**
 * One CloudWatch Embedded Metric Format record, written as a log line (Lambda ships it; CloudWatch turns it into the
 * metric `Argus/<name>` with no dimensions, which the alarms watch). The context (org, metric, period, reason) rides
 * along as plain log fields for whoever follows the alarm to the log.
 */
export function emitMeterAlarm(name: MeterAlarmMetric, context: Record<string, unknown>, now = new Date()): void {
  logger.warn(name === 'MeterSendsRejected' ? 'meter send rejected by Stripe' : 'meter send stuck pending', {
    _aws: { Timestamp: now.getTime(), CloudWatchMetrics: [{ Namespace: 'Argus', Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] }] },
    [name]: 1,
    ...context,
  });
}

import type { MetricAllowance } from '../plans/catalog';
import type { BillingPeriod } from './period';

/** Below this much elapsed time a pace is noise (one call in the first second would project millions). */
const MIN_ELAPSED_MS = 3_600_000;

/**
 * The period's usage at its end if the pace so far continues: `used` scaled by period length over time elapsed, for
 * counted metrics of a running period (whole units, rounded); a gauge's level, or an ended period's usage, as is.
 */
export function projectedUsage(used: number, aggregation: MetricAllowance['aggregation'], period: BillingPeriod, now: Date): number {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  if (aggregation === 'max' || aggregation === 'last' || now.getTime() >= end || used === 0) return used;
  const elapsed = Math.max(now.getTime() - start, Math.min(MIN_ELAPSED_MS, end - start));
  return Math.max(used, Math.round((used * (end - start)) / elapsed));
}

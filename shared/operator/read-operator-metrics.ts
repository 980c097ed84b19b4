import { listAllSubscriptionRecords } from '../db/subscriptions';
import { activeUserMetrics } from '../analytics/active-users';
import { licenseValidationsLast24h } from './license-validation-counter';
import { computeSubscriptionMetrics, type OperatorMetrics } from './operator-metrics';

/**
 * The operator metrics as of now, from what Argus keeps for them, never a table scan: the subscription list (one GSI1
 * partition, one item per org that ever subscribed), the hourly license-validation counters (25 partitions of 10
 * items) and the active-user markers the analytics consumer writes (dau, mau: shared/analytics/active-users.ts).
 */
export async function readOperatorMetrics(now = new Date()): Promise<OperatorMetrics> {
  const [subscriptions, validations, active] = await Promise.all([listAllSubscriptionRecords(), licenseValidationsLast24h(now), activeUserMetrics(now)]);
  return { ...computeSubscriptionMetrics(subscriptions, now), ...active, licenseValidationsLast24h: validations };
}

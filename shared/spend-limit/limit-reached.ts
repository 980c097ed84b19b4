import { publishDomainEvent } from '../events/publish';
import { claimPublicationLeased, confirmPublication, releasePublication } from '../db/stripe-events';
import { logger } from '../logger';
import type { Money } from '../usage/pricing';
import { microsToMoney } from './overage-budget';
import { readOverageSpend } from './overage-spend';

/**
 * Publishes `spend_limit.reached` (CONTRACT §5) once per (org, period): called by every write the limit refused, so
 * the first refusal of a period announces it and the rest find the publication marker (claimed with a lease: 200
 * concurrent refusals publish once). A failure is logged, not thrown: the refusal stands, the next one retries.
 */
export async function announceLimitReached(orgId: string, periodStart: string, limit: Money, now = new Date()): Promise<void> {
  const key = `${orgId}#spend_limit.reached#${periodStart}`;
  try {
    if (!(await claimPublicationLeased(key, now))) return;
    try {
      const overage = microsToMoney(await readOverageSpend(orgId, periodStart));
      await publishDomainEvent('spend_limit.reached', { orgId, periodStart, limit, overage });
    } catch (error) {
      await releasePublication(key);
      throw error;
    }
    await confirmPublication(key);
  } catch (error) {
    logger.error('spend_limit.reached not published; the next refusal retries', { orgId, periodStart, error: error as Error });
  }
}

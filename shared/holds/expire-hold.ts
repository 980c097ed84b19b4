import { ConflictError } from '../errors';
import { logger } from '../logger';
import { getHold } from './hold-items';
import { releaseHold } from './settle-hold';

/**
 * The hold-expire function's one call (schedule-expiry.ts): releases the hold if it is still open and its expiry has
 * passed, through the route's release (idempotent: a committed, released or unknown hold is a no-op). True when it
 * released the hold now.
 */
export async function releaseIfExpired(holdId: string, now = new Date()): Promise<boolean> {
  const hold = await getHold(holdId);
  if (hold?.status !== 'held') return false;
  if (Date.parse(hold.expiresAt) > now.getTime()) {
    // Scheduler never fires early; a clock this far off is worth a look, and the lazy release still covers it.
    logger.warn('hold expiry fired before the hold expired', { holdId, expiresAt: hold.expiresAt, now: now.toISOString() });
    return false;
  }
  try {
    await releaseHold(hold, now, 'expired');
  } catch (error) {
    // Committed between the read and the release: nothing to free.
    if (error instanceof ConflictError) return false;
    throw error;
  }
  logger.info('expired hold released by its schedule', { holdId, orgId: hold.orgId });
  return true;
}

import { holdExpiryEventSchema } from '../../shared/holds/schedule-expiry';
import { releaseIfExpired } from '../../shared/holds/expire-hold';

/**
 * Invoked by the hold's one-time EventBridge Scheduler schedule at its expiry (shared/holds/schedule-expiry.ts):
 * releases the hold if it is still open. A throw makes Scheduler retry (its retry policy).
 */
export const handler = async (event: unknown) => ({ released: await releaseIfExpired(holdExpiryEventSchema.parse(event).holdId) });

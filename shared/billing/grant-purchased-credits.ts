import type { StripeCheckoutEvent } from '../../events/stripe';
import { grantCredits, type GrantOutcome } from '../credits/grants';
import { logger } from '../logger';
import { findCreditPack } from '../plans/catalog';
import { PACK_SESSION_METADATA } from './create-pack-checkout';

const DAY_MS = 86_400_000;

/**
 * A credit-pack Checkout Session's event (`checkout.session.completed`, `..._async_payment_succeeded`): once the session
 * is paid, grants `quantity × pack.quantity` of the pack's metric, valid `validDays` from when Stripe confirmed the
 * payment. The grant's id is the session id, so however many times and in whatever order the events arrive, the
 * credits are granted once (grantCredits is conditional on the id; its `credits.purchased` audit entry goes with it).
 * A completed-but-unpaid session (a delayed payment method) grants nothing: its async_payment_succeeded event will.
 * Events of subscription-mode sessions are not ours to act on here (their subscription events carry the change).
 */
export async function grantPurchasedCredits(orgId: string, event: StripeCheckoutEvent): Promise<GrantOutcome | 'not_paid' | 'not_a_pack'> {
  const session = event.data.object;
  if (session.mode !== 'payment') return 'not_a_pack';
  const pack = findCreditPack(session.metadata[PACK_SESSION_METADATA.packId] ?? '');
  const quantity = Number(session.metadata[PACK_SESSION_METADATA.quantity] ?? '1');
  if (!pack || !Number.isSafeInteger(quantity) || quantity < 1) {
    logger.warn('payment-mode checkout session is not a credit pack of the catalog; ignored', { eventId: event.id, sessionId: session.id, metadata: session.metadata });
    return 'not_a_pack';
  }
  if (session.metadata[PACK_SESSION_METADATA.orgId] && session.metadata[PACK_SESSION_METADATA.orgId] !== orgId) {
    logger.error('credit pack session names another org than its customer; not granted', { eventId: event.id, sessionId: session.id, orgId });
    return 'not_a_pack';
  }
  if (session.payment_status !== 'paid') return 'not_paid';
  // Only one of a session's events says `paid` (completed for a card, async_payment_succeeded for a delayed method),
  // so its time is the same on every delivery of it: the grant's expiry is the same on a repeat, which stays `existing`.
  const paidAt = new Date(event.created * 1000);
  const outcome = await grantCredits({
    orgId,
    grantId: session.id,
    metric: pack.metric,
    quantity: quantity * pack.quantity,
    expiresAt: new Date(paidAt.getTime() + pack.validDays * DAY_MS).toISOString(),
    source: 'purchase',
    reason: `${quantity} × credit pack ${pack.id}`,
    actor: { type: 'stripe', id: event.id },
    at: paidAt,
  });
  if (outcome.outcome === 'conflict') logger.error('credit pack grant differs from the one recorded for its session; kept the first', { eventId: event.id, sessionId: session.id });
  return outcome;
}

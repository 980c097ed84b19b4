import { eventCustomerId, type StripeCheckoutEvent, type StripeEvent, type StripeInvoiceEvent, type StripeSubscriptionEvent } from '../../events/stripe';
import { logger } from '../logger';
import { applyInvoiceEvent } from './apply-invoice-event';
import { applySubscriptionEvent } from './apply-subscription-event';
import { grantPurchasedCredits } from './grant-purchased-credits';
import type { StripeEventPorts } from './stripe-event-ports';

/**
 * Applies one verified Stripe event to the table. Idempotent and order-independent by construction (no dedupe needed
 * for correctness; the event-id marker in process-stripe-event.ts only saves work). Events of customers that belong
 * to no org are ignored.
 */
export async function applyStripeEvent(event: StripeEvent, ports: StripeEventPorts): Promise<'applied' | 'ignored'> {
  const customerId = eventCustomerId(event);
  const orgId = customerId ? await ports.orgForCustomer(customerId) : undefined;
  if (!orgId) {
    logger.warn('Stripe event for a customer of no org', { eventId: event.id, type: event.type, customerId });
    return 'ignored';
  }
  if (event.data.object.object === 'subscription') await applySubscriptionEvent(orgId, event as StripeSubscriptionEvent, ports);
  else if (event.data.object.object === 'checkout.session') await grantPurchasedCredits(orgId, event as StripeCheckoutEvent);
  else await applyInvoiceEvent(orgId, event as StripeInvoiceEvent, ports);
  return 'applied';
}

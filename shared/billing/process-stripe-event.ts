import { stripeEventSchema } from '../../events/stripe';
import { markStripeEventProcessed, stripeEventProcessed } from '../db/stripe-events';
import { applyStripeEvent } from './apply-stripe-event';
import type { StripeEventPorts } from './stripe-event-ports';

/**
 * One queued webhook: parse, skip if this event id was processed before, apply, record the id. A failure leaves the
 * id unrecorded so the queue's retry applies the event again (applying is idempotent).
 */
export async function processStripeEvent(body: string, ports: StripeEventPorts): Promise<void> {
  const event = stripeEventSchema.parse(JSON.parse(body));
  if (await stripeEventProcessed(event.id)) return;
  await applyStripeEvent(event, ports);
  await markStripeEventProcessed(event.id, event.type);
}

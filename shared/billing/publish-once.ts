import type { DomainEventDetail, DomainEventType } from '../../events/domain';
import { claimPublication, confirmPublication, releasePublication } from '../db/stripe-events';
import type { StripeEventPorts } from './stripe-event-ports';

/** Publishes a domain event once per `key`, whatever the number of deliveries (a conditional marker decides). */
export async function publishOnce<T extends DomainEventType>(ports: Pick<StripeEventPorts, 'publish'>, key: string, type: T, detail: DomainEventDetail<T>): Promise<void> {
  if (!(await claimPublication(key))) return;
  try {
    await ports.publish(type, detail);
  } catch (error) {
    await releasePublication(key);
    throw error;
  }
  await confirmPublication(key);
}

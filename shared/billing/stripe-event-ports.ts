import type { StripeSubscription } from '../../events/stripe';
import type { DomainEventDetail, DomainEventType } from '../../events/domain';

/** What applying a Stripe event needs from outside the table: production wires Stripe and EventBridge, tests fakes. */
export interface StripeEventPorts {
  /** The org a Stripe customer belongs to (undefined: not one of ours). */
  orgForCustomer(customerId: string): Promise<string | undefined>;
  /** Stripe's current state of a subscription (undefined: gone). */
  fetchSubscription(subscriptionId: string): Promise<StripeSubscription | undefined>;
  /** Cancels a duplicate live subscription at once, prorated and invoiced now; done already (canceled, gone) is fine. */
  cancelDuplicateSubscription(subscriptionId: string): Promise<void>;
  publish<T extends DomainEventType>(type: T, detail: DomainEventDetail<T>): Promise<void>;
}

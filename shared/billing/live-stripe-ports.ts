import Stripe from 'stripe';
import { stripeSubscriptionSchema } from '../../events/stripe';
import { stripeClient } from '../clients/stripe';
import { orgIdForStripeCustomer } from '../db/stripe-customers';
import { publishDomainEvent } from '../events/publish';
import type { StripeEventPorts } from './stripe-event-ports';

/** The processor's ports: the customer mapping in the table, Stripe for re-fetches, EventBridge for domain events. */
export const liveStripePorts: StripeEventPorts = {
  orgForCustomer: orgIdForStripeCustomer,
  async fetchSubscription(subscriptionId) {
    const stripe = await stripeClient();
    try {
      return stripeSubscriptionSchema.parse(await stripe.subscriptions.retrieve(subscriptionId));
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return undefined;
      throw error;
    }
  },
  publish: publishDomainEvent,
};

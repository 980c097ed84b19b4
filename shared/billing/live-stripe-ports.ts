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
  async cancelDuplicateSubscription(subscriptionId) {
    const stripe = await stripeClient();
    try {
      await stripe.subscriptions.cancel(subscriptionId, { prorate: true, invoice_now: true });
    } catch (error) {
      // Canceled before (a retried event): Stripe answers resource_missing; any other refusal is re-checked.
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      const now = await stripe.subscriptions.retrieve(subscriptionId).catch(() => undefined);
      if (now && now.status !== 'canceled' && now.status !== 'incomplete_expired') throw error;
    }
  },
  publish: publishDomainEvent,
};

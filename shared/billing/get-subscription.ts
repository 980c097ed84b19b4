import { getSubscriptionRecord } from '../db/subscriptions';
import { subscriptionView, type SubscriptionView } from './subscription-state';

/** The org's subscription as mirrored from Stripe's webhooks (no Stripe call). */
export async function getSubscription(orgId: string): Promise<SubscriptionView> {
  return subscriptionView(await getSubscriptionRecord(orgId));
}

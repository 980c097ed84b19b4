import type { StripeSubscription, StripeSubscriptionEvent } from '../../events/stripe';
import { getSubscriptionRecord, saveSubscriptionRecord } from '../db/subscriptions';
import { publishOnce } from './publish-once';
import type { StripeEventPorts } from './stripe-event-ports';
import { decide, isEnded, needsConfirmation } from './subscription-convergence';
import { orgAccessFor, recordFromSubscription, subscriptionEventDetail } from './subscription-state';

const MAX_ATTEMPTS = 5;

/**
 * Applies a subscription state to the org's mirror and access fields if it is newer than what is stored (see
 * subscription-convergence.ts), re-fetching from Stripe when the event time cannot tell. Returns the state now applied
 * for this subscription, or undefined when the event was stale.
 */
async function converge(orgId: string, sub: StripeSubscription, eventTime: number, ports: StripeEventPorts): Promise<StripeSubscription | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await getSubscriptionRecord(orgId);
    const decision = decide(stored, sub, eventTime);
    if (decision === 'skip') return undefined;
    const confirm = needsConfirmation(stored, sub);
    const current = decision === 'refetch' || confirm ? await ports.fetchSubscription(sub.id) : sub;
    if (!current || (confirm && isEnded(current.status))) return undefined;
    const record = recordFromSubscription(orgId, current, eventTime);
    if (await saveSubscriptionRecord(record, stored?.version, orgAccessFor(record))) return current;
  }
  throw new Error(`subscription ${sub.id}: the mirror kept changing under ${MAX_ATTEMPTS} attempts`);
}

/**
 * A `customer.subscription.*` event: converge the mirror, then publish `subscription.created` (once per subscription),
 * `subscription.updated` (once per Stripe update event) and `subscription.canceled` (once per subscription, as soon as
 * any state shows it ended). Event details describe the state the event carried (or the re-fetched one).
 */
export async function applySubscriptionEvent(orgId: string, event: StripeSubscriptionEvent, ports: StripeEventPorts): Promise<void> {
  const sub = event.data.object;
  const applied = await converge(orgId, sub, event.created, ports);
  const state = recordFromSubscription(orgId, applied ?? sub, event.created);
  const detail = subscriptionEventDetail(state);
  await publishOnce(ports, `${orgId}#subscription.created#${sub.id}`, 'subscription.created', detail);
  if (event.type === 'customer.subscription.updated') {
    await publishOnce(ports, `${orgId}#subscription.updated#${event.id}`, 'subscription.updated', detail);
  }
  if (isEnded(state.status) || isEnded(sub.status)) {
    await publishOnce(ports, `${orgId}#subscription.canceled#${sub.id}`, 'subscription.canceled', { ...detail, status: 'canceled' });
  }
}

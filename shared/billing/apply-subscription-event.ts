import type { StripeSubscription, StripeSubscriptionEvent } from '../../events/stripe';
import { getSubscriptionRecord, saveSubscriptionRecord } from '../db/subscriptions';
import { cancelDuplicate, keeperOf } from './duplicate-subscriptions';
import { publishOnce } from './publish-once';
import type { StripeEventPorts } from './stripe-event-ports';
import { decide, isEnded, needsConfirmation } from './subscription-convergence';
import { orgAccessFor, recordFromSubscription, subscriptionEventDetail } from './subscription-state';

const MAX_ATTEMPTS = 5;

interface Converged {
  /** The state now applied for this subscription, or undefined when the event was stale or lost to another. */
  applied?: StripeSubscription;
  /** A second live subscription found on the way: the newer of the two, to cancel, and the one kept. */
  duplicate?: { keeper: StripeSubscription; duplicate: StripeSubscription };
}

/**
 * Applies a subscription state to the org's mirror and access fields if it is newer than what is stored (see
 * subscription-convergence.ts), re-fetching from Stripe when the event time cannot tell. When the mirror holds another
 * subscription that is live too, Stripe decides: a stale state of either is dropped, and two really live ones keep
 * the older in the mirror and report the newer as a duplicate (duplicate-subscriptions.ts).
 */
async function converge(orgId: string, sub: StripeSubscription, eventTime: number, ports: StripeEventPorts): Promise<Converged> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await getSubscriptionRecord(orgId);
    let current: StripeSubscription | undefined;
    let duplicate: Converged['duplicate'];
    if (stored && stored.subscriptionId !== sub.id && !isEnded(stored.status) && !isEnded(sub.status)) {
      const [incomingNow, storedNow] = await Promise.all([ports.fetchSubscription(sub.id), ports.fetchSubscription(stored.subscriptionId)]);
      if (!incomingNow || isEnded(incomingNow.status)) return {};
      if (storedNow && !isEnded(storedNow.status)) {
        const keeper = keeperOf(incomingNow, storedNow);
        duplicate = { keeper, duplicate: keeper === incomingNow ? storedNow : incomingNow };
        if (keeper !== incomingNow) return { duplicate };
      }
      current = incomingNow;
    } else {
      const decision = decide(stored, sub, eventTime);
      if (decision === 'skip') return {};
      const confirm = needsConfirmation(stored, sub);
      current = decision === 'refetch' || confirm ? await ports.fetchSubscription(sub.id) : sub;
      if (!current || (confirm && isEnded(current.status))) return {};
    }
    const record = recordFromSubscription(orgId, current, eventTime);
    if (await saveSubscriptionRecord(record, stored?.version, orgAccessFor(record))) return { applied: current, duplicate };
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
  const { applied, duplicate } = await converge(orgId, sub, event.created, ports);
  if (duplicate) await cancelDuplicate(orgId, duplicate.keeper, duplicate.duplicate, ports);
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

import { isDeepStrictEqual } from 'node:util';
import type { StripeSubscription, StripeSubscriptionEvent } from '../../events/stripe';
import { readHistory, saveHistory, type StoredHistory } from '../db/org-billing';
import { getSubscriptionRecord, saveSubscriptionRecord } from '../db/subscriptions';
import { auditSubscriptionEvent } from './audit-stripe-changes';
import { cancelDuplicate, keeperOf } from './duplicate-subscriptions';
import { publishOnce } from './publish-once';
import type { StripeEventPorts } from './stripe-event-ports';
import { decide, isEnded, needsConfirmation } from './subscription-convergence';
import { mergeHistory, type PeriodHistory } from '../usage/period-history';
import { rehomeUsage } from '../usage/usage-rehome';
import { historyEntryOf, orgAccessFor, recordFromSubscription, subscriptionEventDetail } from './subscription-state';

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
 * Every state seen, stale or not, is merged into the org's period history (order-independent), in the same
 * transaction as the access fields when they change.
 */
async function converge(orgId: string, sub: StripeSubscription, eventTime: number, ports: StripeEventPorts): Promise<Converged> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [stored, history] = await Promise.all([getSubscriptionRecord(orgId), readHistory(orgId)]);
    let merged = withState(history.history, sub, eventTime);
    let current: StripeSubscription | undefined;
    let duplicate: Converged['duplicate'];
    if (stored && stored.subscriptionId !== sub.id && !isEnded(stored.status) && !isEnded(sub.status)) {
      const [incomingNow, storedNow] = await Promise.all([ports.fetchSubscription(sub.id), ports.fetchSubscription(stored.subscriptionId)]);
      if (incomingNow) merged = withState(merged, incomingNow, eventTime + 0.5);
      if (!incomingNow || isEnded(incomingNow.status)) {
        if (await saveHistoryIfChanged(orgId, history, merged)) return {};
        continue;
      }
      if (storedNow && !isEnded(storedNow.status)) {
        const keeper = keeperOf(incomingNow, storedNow);
        duplicate = { keeper, duplicate: keeper === incomingNow ? storedNow : incomingNow };
        if (keeper !== incomingNow) {
          if (await saveHistoryIfChanged(orgId, history, merged)) return { duplicate };
          continue;
        }
      }
      current = incomingNow;
    } else {
      const decision = decide(stored, sub, eventTime);
      if (decision === 'skip') {
        if (await saveHistoryIfChanged(orgId, history, merged)) return {};
        continue;
      }
      const confirm = needsConfirmation(stored, sub);
      current = decision === 'refetch' || confirm ? await ports.fetchSubscription(sub.id) : sub;
      // Stripe's current state is newer than the event that made us ask for it.
      if (current) merged = withState(merged, current, eventTime + 0.5);
      if (!current || (confirm && isEnded(current.status))) {
        if (await saveHistoryIfChanged(orgId, history, merged)) return {};
        continue;
      }
    }
    const record = recordFromSubscription(orgId, current, eventTime);
    if (await saveSubscriptionRecord(record, stored?.version, orgAccessFor(record), { history: merged, expectedVersion: history.version })) return { applied: current, duplicate };
  }
  throw new Error(`subscription ${sub.id}: the mirror kept changing under ${MAX_ATTEMPTS} attempts`);
}

function withState(history: PeriodHistory, sub: StripeSubscription, observedAt: number): PeriodHistory {
  const entry = historyEntryOf(sub, observedAt);
  return entry ? mergeHistory(history, entry) : history;
}

/** True when nothing needed writing or the write went through; false when another writer moved the history first. */
async function saveHistoryIfChanged(orgId: string, stored: StoredHistory, merged: PeriodHistory): Promise<boolean> {
  if (isDeepStrictEqual(stored.history, merged)) return true;
  return saveHistory(orgId, merged, stored.version);
}

/**
 * A `customer.subscription.*` event: converge the mirror (and the period history), move usage the new history places
 * elsewhere (usage-rehome.ts), then publish `subscription.created` (once per subscription),
 * `subscription.updated` (once per Stripe update event) and `subscription.canceled` (once per subscription, as soon as
 * any state shows it ended). Event details describe the state the event carried (or the re-fetched one).
 */
export async function applySubscriptionEvent(orgId: string, event: StripeSubscriptionEvent, ports: StripeEventPorts): Promise<void> {
  const sub = event.data.object;
  const { applied, duplicate } = await converge(orgId, sub, event.created, ports);
  if (duplicate) await cancelDuplicate(orgId, duplicate.keeper, duplicate.duplicate, ports);
  // Also on a repeat: a processor that crashed between the history write and this step finishes it on the retry.
  await rehomeUsage(orgId);
  const state = recordFromSubscription(orgId, applied ?? sub, event.created);
  const detail = subscriptionEventDetail(state);
  const ended = isEnded(state.status) || isEnded(sub.status);
  // Before the domain events: a processor that fails after this retries, and the entries are written once per change.
  await auditSubscriptionEvent(orgId, event, state, ended);
  await publishOnce(ports, `${orgId}#subscription.created#${sub.id}`, 'subscription.created', detail);
  if (event.type === 'customer.subscription.updated') {
    await publishOnce(ports, `${orgId}#subscription.updated#${event.id}`, 'subscription.updated', detail);
  }
  if (ended) {
    await publishOnce(ports, `${orgId}#subscription.canceled#${sub.id}`, 'subscription.canceled', { ...detail, status: 'canceled' });
  }
}

/**
 * Whether a subscription state carried by a webhook should replace the stored one. Webhooks arrive late, twice and
 * out of order; the stored state must end where in-order delivery would. Stripe objects carry no version, so:
 * - the same subscription: a newer event time wins, an older one is stale, and the same second (Stripe emits several
 *   changes per second) is ambiguous: re-fetch the subscription from Stripe, whose current state is newer than any event.
 *   `canceled` is final in Stripe, so nothing replaces it.
 * - another subscription of the same org (a new one after a cancellation): a live subscription beats an ended one,
 *   and between two of the same kind the more recently created wins.
 */
export type Decision = 'apply' | 'skip' | 'refetch';

const ENDED = new Set(['canceled', 'incomplete_expired']);
export const isEnded = (status: string) => ENDED.has(status);

export interface StoredState {
  subscriptionId: string;
  status: string;
  subscriptionCreated: number;
  sourceTime: number;
}

export interface IncomingState {
  id: string;
  status: string;
  created: number;
}

export function decide(stored: StoredState | undefined, incoming: IncomingState, eventTime: number): Decision {
  if (!stored) return 'apply';
  if (stored.subscriptionId !== incoming.id) {
    const storedLive = !isEnded(stored.status);
    const incomingLive = !isEnded(incoming.status);
    if (storedLive !== incomingLive) return incomingLive ? 'apply' : 'skip';
    if (incoming.created !== stored.subscriptionCreated) return incoming.created > stored.subscriptionCreated ? 'apply' : 'skip';
    return incoming.id > stored.subscriptionId ? 'apply' : 'skip';
  }
  if (isEnded(stored.status)) return isEnded(incoming.status) && eventTime > stored.sourceTime ? 'apply' : 'skip';
  if (eventTime > stored.sourceTime) return 'apply';
  if (eventTime < stored.sourceTime) return 'skip';
  return 'refetch';
}

/**
 * A live state of another subscription created no later than the stored, ended one. Checkout refuses a second live
 * subscription, so the older one almost surely ended before the newer was created and this state is a late webhook
 * (a Stripe retry, a DLQ redrive): applying it would put an org whose subscriptions all ended back on a paid plan.
 * `decide` prefers it as live; the processor confirms it with Stripe first and drops it if Stripe says it ended.
 */
export function needsConfirmation(stored: StoredState | undefined, incoming: IncomingState): boolean {
  return !!stored && stored.subscriptionId !== incoming.id && isEnded(stored.status) && !isEnded(incoming.status) && incoming.created <= stored.subscriptionCreated;
}

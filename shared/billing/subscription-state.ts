import type { StripeSubscription } from '../../events/stripe';
import type { OrgAccess } from '../db/org-billing';
import type { SubscriptionRecord } from '../db/subscriptions';
import { catalog, defaultPlan } from '../plans/catalog';
import type { HistoryEntry } from '../usage/period-history';
import { describePrice } from './stripe-catalog';
import { subscriptionInterval } from './subscription-items';
import { isEnded } from './subscription-convergence';

type ContractStatus = NonNullable<OrgAccess['subscriptionStatus']>;

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/**
 * The item that carries the plan fee (the sync tags it `licensed`; else the first non-metered one, else the first): its
 * price names the plan and the interval, its period is the subscription's (a seat item bills on the same interval; the
 * metered items of a yearly plan run monthly periods of their own).
 */
export function mainItemOf(sub: StripeSubscription): StripeSubscription['items']['data'][number] | undefined {
  const items = sub.items.data;
  return items.find((i) => describePrice(i.price)?.kind === 'licensed') ?? items.find((i) => i.price.recurring?.usage_type !== 'metered') ?? items[0];
}

/** The plan a Stripe subscription is for: its licensed price's plan (the sync tags every price with it). */
export function planIdOf(sub: StripeSubscription): string | undefined {
  const licensed = mainItemOf(sub);
  return licensed ? describePrice(licensed.price)?.planId : undefined;
}

/**
 * Subscription metadata `argus subscriptions migrate` writes: the version the subscription was on and when (epoch
 * seconds, the period end at migration) the new one takes over. Stripe bills the swapped price from that renewal
 * (the swap is made without proration); the allowances follow at the same moment.
 */
export const MIGRATION_METADATA = { from: 'argus_migrated_from_version', at: 'argus_migration_effective_at' } as const;

/**
 * The catalog version whose terms apply to the subscription's current period: its licensed price's version, or the
 * version it was migrated from while the period the migration was made in is still running.
 */
export function catalogVersionOf(sub: StripeSubscription, currentPeriodStart: number): number {
  const items = sub.items.data;
  const licensed = items.find((i) => i.price.recurring?.usage_type !== 'metered') ?? items[0];
  const version = (licensed && describePrice(licensed.price)?.catalogVersion) ?? 1;
  const meta = sub.metadata ?? {};
  const from = Number(meta[MIGRATION_METADATA.from]);
  const at = Number(meta[MIGRATION_METADATA.at]);
  return Number.isInteger(from) && from > 0 && Number.isFinite(at) && currentPeriodStart < at ? from : version;
}

export function recordFromSubscription(orgId: string, sub: StripeSubscription, sourceTime: number): Omit<SubscriptionRecord, 'version'> {
  const main = mainItemOf(sub);
  return {
    orgId,
    subscriptionId: sub.id,
    customerId: sub.customer,
    planId: planIdOf(sub) ?? defaultPlan().id,
    status: sub.status,
    subscriptionCreated: sub.created,
    currentPeriodStart: main?.current_period_start ?? sub.created,
    currentPeriodEnd: main?.current_period_end ?? sub.created,
    billingCycleAnchor: sub.billing_cycle_anchor ?? null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: sub.cancel_at ?? null,
    trialEnd: sub.trial_end ?? null,
    catalogVersion: catalogVersionOf(sub, main?.current_period_start ?? sub.created),
    interval: subscriptionInterval(main ? [main] : []),
    sourceTime,
  };
}

/** Stripe's statuses as the contract names them (`incomplete_expired` ended like `canceled`; `paused` grants no access like `unpaid`). */
export function contractStatus(status: SubscriptionRecord['status']): ContractStatus {
  if (status === 'incomplete_expired') return 'canceled';
  if (status === 'paused') return 'unpaid';
  return status;
}

/**
 * The org's access fields for a subscription state. An ended subscription puts the org back on the free plan (no
 * status, calendar-month usage periods). `past_due` keeps the plan: effectivePlan() grants it for PAST_DUE_GRACE_DAYS
 * from `pastDueSince`, the start of the period whose renewal failed (derived from the state itself, so any
 * delivery order gives the same value). `billingAnchor` is Stripe's billing cycle anchor, not the current period's
 * start: an anchor on the 31st gives a Feb 28 period start, and periods repeating from Feb 28 would end on Mar 28 where
 * Stripe's end on Mar 31 (the current period's start stands in only for records that predate the field).
 */
export function orgAccessFor(record: Omit<SubscriptionRecord, 'version'>): OrgAccess {
  if (isEnded(record.status)) return { planId: defaultPlan().id };
  const status = contractStatus(record.status);
  return {
    planId: record.planId,
    catalogVersion: record.catalogVersion ?? 1,
    subscriptionStatus: status,
    pastDueSince: status === 'past_due' ? iso(record.currentPeriodStart) : undefined,
    billingAnchor: iso(record.billingCycleAnchor ?? record.currentPeriodStart),
  };
}

export interface SubscriptionView {
  planId: string;
  interval: 'month' | 'year';
  status: ContractStatus;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
  catalogVersion: number;
}

/** CONTRACT §3 `GET .../subscription`: the free plan reads `explorer`/`active` with no period. */
export function subscriptionView(record: Omit<SubscriptionRecord, 'version'> | undefined): SubscriptionView {
  if (!record || isEnded(record.status)) {
    return { planId: defaultPlan().id, interval: 'month', status: 'active', currentPeriodStart: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, trialEnd: null, catalogVersion: catalog.version };
  }
  return {
    planId: record.planId,
    interval: record.interval ?? 'month',
    status: contractStatus(record.status),
    currentPeriodStart: iso(record.currentPeriodStart),
    currentPeriodEnd: iso(record.currentPeriodEnd),
    cancelAtPeriodEnd: record.cancelAtPeriodEnd || record.cancelAt !== null,
    trialEnd: record.trialEnd === null ? null : iso(record.trialEnd),
    catalogVersion: record.catalogVersion ?? 1,
  };
}

/** The domain event detail (events/domain.ts) for a subscription state. */
export function subscriptionEventDetail(record: Omit<SubscriptionRecord, 'version'>) {
  return {
    orgId: record.orgId,
    subscriptionId: record.subscriptionId,
    planId: record.planId,
    status: contractStatus(record.status),
    currentPeriodStart: iso(record.currentPeriodStart),
    currentPeriodEnd: iso(record.currentPeriodEnd),
    // A yearly subscription is scheduled to end with `cancel_at` (see change-subscription.ts): the same thing.
    cancelAtPeriodEnd: record.cancelAtPeriodEnd || record.cancelAt !== null,
  };
}

/**
 * What a subscription state adds to the org's period history (shared/usage/period-history.ts), or nothing for a
 * subscription that never granted access (`incomplete`, `incomplete_expired`: explorer's period is not cut for it).
 * An ended state without `ended_at` (not sent by Stripe, but the schema allows it) ends at the event's time.
 */
export function historyEntryOf(sub: StripeSubscription, eventTime: number): HistoryEntry | undefined {
  if (sub.status === 'incomplete' || sub.status === 'incomplete_expired') return undefined;
  const main = mainItemOf(sub);
  const start = sub.start_date ?? sub.created;
  const ended = isEnded(sub.status) ? (sub.ended_at ?? eventTime) : undefined;
  return {
    subscriptionId: sub.id,
    anchor: iso(sub.billing_cycle_anchor ?? main?.current_period_start ?? start),
    since: iso(Math.max(start, main?.current_period_start ?? start)),
    subscriptionStart: iso(start),
    ...(ended !== undefined ? { endedAt: iso(ended) } : {}),
    planId: planIdOf(sub) ?? defaultPlan().id,
    observedAt: eventTime,
  };
}

import type { Org } from '../db/orgs';
import { catalog } from '../plans/catalog';
import type { BillingPeriod } from './period';
import { periodInSegments, segmentsOf, type PlacedPeriod, type Segment } from './period-history';

export type PeriodOrg = Pick<Org, 'planId' | 'billingAnchor' | 'periodHistory'>;

/**
 * The org's segments. Orgs written before the history existed (and test fixtures) have none: a paid org with an
 * anchor is then that anchor's for all time, any other org explorer's.
 */
export function orgSegments(org: PeriodOrg): Segment[] {
  if (org.periodHistory && Object.keys(org.periodHistory).length) return segmentsOf(org.periodHistory);
  const paid = org.planId !== catalog.defaultPlanId && org.billingAnchor && !Number.isNaN(Date.parse(org.billingAnchor));
  return [{ from: -Infinity, to: Infinity, planId: org.planId || catalog.defaultPlanId, ...(paid ? { anchor: new Date(org.billingAnchor!).toISOString() } : {}) }];
}

/** The org's billing period in force at `at` (an event's timestamp, or now), with its plan. */
export function placedPeriodAt(org: PeriodOrg, at: Date): PlacedPeriod {
  return periodInSegments(orgSegments(org), at);
}

/** The org's billing period containing `at`: what a usage counter is keyed by. */
export function billingPeriodAt(org: PeriodOrg, at: Date): BillingPeriod {
  const { start, end } = placedPeriodAt(org, at);
  return { start, end };
}

/** The period right before `period` (which ended where it starts). */
export function periodBefore(org: PeriodOrg, period: BillingPeriod): PlacedPeriod {
  return placedPeriodAt(org, new Date(Date.parse(period.start) - 1));
}

/** The period right before the one containing `now`. */
export function previousBillingPeriod(org: PeriodOrg, now: Date): BillingPeriod {
  const { start, end } = periodBefore(org, billingPeriodAt(org, now));
  return { start, end };
}

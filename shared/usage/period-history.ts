import { catalog } from '../plans/catalog';
import { periodContaining, type BillingPeriod } from './period';

/**
 * What the webhook processor learned about one subscription under one billing anchor (CONTRACT §3: an event belongs
 * to the billing period in force at its timestamp). Stored on the org item as a map keyed by `historyKey`, merged with
 * `mergeHistory`, which is commutative and idempotent: any delivery order and any repeat of Stripe's webhooks give the
 * same history. Every field is either immutable in Stripe (`subscriptionStart`, `endedAt`) or merged by a rule that
 * does not depend on arrival order (`since`: the earliest; `planId`: the latest observed state's).
 */
export interface HistoryEntry {
  subscriptionId: string;
  /** Stripe's billing_cycle_anchor (ISO): periods repeat monthly from it. A reset (interval change) is a new entry. */
  anchor: string;
  /** The earliest current_period_start seen under this anchor: where the anchor took over from the previous one. */
  since: string;
  /** Stripe's start_date: the first entry of a subscription starts here (the explorer period before it is cut here). */
  subscriptionStart: string;
  /** Stripe's ended_at, once the subscription ended: explorer resumes here. */
  endedAt?: string;
  planId: string;
  /** Stripe `created` time (epoch seconds) of the state `planId` came from: a later state's plan wins. */
  observedAt: number;
}

export type PeriodHistory = Record<string, HistoryEntry>;

export const historyKey = (e: Pick<HistoryEntry, 'subscriptionId' | 'anchor'>) => `${e.subscriptionId}@${e.anchor}`;

const minIso = (a: string, b: string) => (a <= b ? a : b);

/** Adds what one subscription state says to the history. Order-independent: merge(merge(h, a), b) = merge(merge(h, b), a). */
export function mergeHistory(history: PeriodHistory, entry: HistoryEntry): PeriodHistory {
  const key = historyKey(entry);
  const stored = history[key];
  if (!stored) return { ...history, [key]: entry };
  const newer = entry.observedAt > stored.observedAt || (entry.observedAt === stored.observedAt && entry.planId > stored.planId) ? entry : stored;
  const endedAt = stored.endedAt && entry.endedAt ? minIso(stored.endedAt, entry.endedAt) : (stored.endedAt ?? entry.endedAt);
  return {
    ...history,
    [key]: {
      subscriptionId: entry.subscriptionId,
      anchor: entry.anchor,
      since: minIso(stored.since, entry.since),
      subscriptionStart: minIso(stored.subscriptionStart, entry.subscriptionStart),
      ...(endedAt ? { endedAt } : {}),
      planId: newer.planId,
      observedAt: newer.observedAt,
    },
  };
}

/**
 * A stretch of time under one plan and one way of cutting periods: a paid subscription's anchor, or calendar months
 * (explorer: no anchor). `from`/`to` are epoch ms, -Infinity/Infinity when open.
 */
export interface Segment {
  from: number;
  to: number;
  planId: string;
  anchor?: string;
  subscriptionId?: string;
}

/** A billing period as placed by the history, with the plan in force. */
export interface PlacedPeriod extends BillingPeriod {
  planId: string;
  subscriptionId?: string;
}

const ms = (iso: string) => Date.parse(iso);

/** Each subscription's entries as segments: an anchor runs until the next anchor's `since`, the last until `endedAt`. */
function subscriptionSegments(entries: HistoryEntry[]): Segment[] {
  const sorted = [...entries].sort((a, b) => ms(a.since) - ms(b.since) || a.anchor.localeCompare(b.anchor));
  const start = Math.min(...sorted.map((e) => ms(e.subscriptionStart)));
  const ended = Math.min(...sorted.map((e) => (e.endedAt ? ms(e.endedAt) : Infinity)));
  return sorted
    .map((e, i): Segment => ({
      from: i === 0 ? Math.min(start, ms(e.since)) : ms(e.since),
      to: Math.min(i + 1 < sorted.length ? ms(sorted[i + 1].since) : Infinity, ended),
      planId: e.planId,
      anchor: e.anchor,
      subscriptionId: e.subscriptionId,
    }))
    .filter((s) => s.from < s.to);
}

/**
 * The history as segments that tile all time with no gap or overlap. Where two subscriptions' segments overlap (two
 * live subscriptions, briefly), the one that started later is in force; time no paid segment covers is explorer's.
 */
export function segmentsOf(history: PeriodHistory, freePlanId = catalog.defaultPlanId): Segment[] {
  const bySubscription = new Map<string, HistoryEntry[]>();
  for (const entry of Object.values(history)) bySubscription.set(entry.subscriptionId, [...(bySubscription.get(entry.subscriptionId) ?? []), entry]);
  const paid = [...bySubscription.values()].flatMap(subscriptionSegments);
  const cuts = [...new Set(paid.flatMap((s) => [s.from, s.to]).filter(Number.isFinite))].sort((a, b) => a - b);
  const bounds = [-Infinity, ...cuts, Infinity];
  const out: Segment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i];
    const to = bounds[i + 1];
    const probe = Number.isFinite(from) ? from : to - 1;
    const winner = paid
      .filter((s) => s.from <= probe && probe < s.to)
      .reduce<Segment | undefined>((best, s) => (!best || s.from > best.from || (s.from === best.from && (s.subscriptionId ?? '') > (best.subscriptionId ?? '')) ? s : best), undefined);
    const piece: Segment = winner ? { ...winner, from, to } : { from, to, planId: freePlanId };
    const last = out[out.length - 1];
    if (last && last.anchor === piece.anchor && last.subscriptionId === piece.subscriptionId && last.planId === piece.planId) last.to = to;
    else out.push(piece);
  }
  return out;
}

const CALENDAR_ANCHOR = new Date(Date.UTC(2000, 0, 1));

/** The period of `segment` containing `at`: the anchor's (or the calendar's) monthly period, cut to the segment. */
export function periodInSegment(segment: Segment, at: Date): PlacedPeriod {
  const p = periodContaining(segment.anchor ? new Date(segment.anchor) : CALENDAR_ANCHOR, at);
  return {
    start: new Date(Math.max(ms(p.start), segment.from)).toISOString(),
    end: new Date(Math.min(ms(p.end), segment.to)).toISOString(),
    planId: segment.planId,
    ...(segment.subscriptionId ? { subscriptionId: segment.subscriptionId } : {}),
  };
}

/** The period of `segments` (a tiling, as segmentsOf gives) containing `at`. */
export function periodInSegments(segments: Segment[], at: Date): PlacedPeriod {
  const t = at.getTime();
  return periodInSegment(segments.find((s) => s.from <= t && t < s.to)!, at);
}

/**
 * THE placement rule: the billing period in force at `at`. Explorer's periods are calendar months (UTC), cut short
 * where a paid subscription starts; a paid period runs from the subscription's start at its anchor; after a
 * subscription ends explorer resumes at `endedAt`, with a first period running to the next calendar month.
 */
export function periodAt(history: PeriodHistory, at: Date, freePlanId = catalog.defaultPlanId): PlacedPeriod {
  return periodInSegments(segmentsOf(history, freePlanId), at);
}

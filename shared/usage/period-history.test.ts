import fc from 'fast-check';
import { mergeHistory, periodAt, segmentsOf, type HistoryEntry, type PeriodHistory } from './period-history';

const d = (iso: string) => new Date(iso);
const DAY = 86_400_000;

function entry(overrides: Partial<HistoryEntry> & Pick<HistoryEntry, 'subscriptionId' | 'anchor'>): HistoryEntry {
  return { since: overrides.anchor, subscriptionStart: overrides.anchor, planId: 'professional', observedAt: 1, ...overrides };
}

const historyOf = (...entries: HistoryEntry[]) => entries.reduce<PeriodHistory>(mergeHistory, {});

describe('periodAt: periods placed by the anchor/plan history', () => {
  const upgrade = entry({ subscriptionId: 'sub_1', anchor: '2026-03-15T10:30:00.000Z' });

  it('an org with no history has calendar months of explorer', () => {
    expect(periodAt({}, d('2026-03-20T00:00:00Z'))).toEqual({ start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z', planId: 'explorer' });
  });

  it('an upgrade mid-month cuts explorer there; the paid period runs from the start at the anchor', () => {
    const h = historyOf(upgrade);
    expect(periodAt(h, d('2026-03-15T10:29:59.999Z'))).toEqual({ start: '2026-03-01T00:00:00.000Z', end: '2026-03-15T10:30:00.000Z', planId: 'explorer' });
    expect(periodAt(h, d('2026-03-15T10:30:00Z'))).toEqual({ start: '2026-03-15T10:30:00.000Z', end: '2026-04-15T10:30:00.000Z', planId: 'professional', subscriptionId: 'sub_1' });
    expect(periodAt(h, d('2026-02-10T00:00:00Z')).start).toBe('2026-02-01T00:00:00.000Z');
  });

  it('a trial: the first period runs from the start to the anchor (trial end), then monthly', () => {
    const h = historyOf(entry({ subscriptionId: 'sub_t', anchor: '2026-03-29T00:00:00.000Z', since: '2026-03-15T00:00:00.000Z', subscriptionStart: '2026-03-15T00:00:00.000Z' }));
    expect(periodAt(h, d('2026-03-20T00:00:00Z'))).toMatchObject({ start: '2026-03-15T00:00:00.000Z', end: '2026-03-29T00:00:00.000Z' });
    expect(periodAt(h, d('2026-04-01T00:00:00Z'))).toMatchObject({ start: '2026-03-29T00:00:00.000Z', end: '2026-04-29T00:00:00.000Z' });
  });

  it('after cancellation explorer resumes at ended_at; its first period runs to the next calendar month', () => {
    const h = historyOf(upgrade, { ...upgrade, endedAt: '2026-05-20T08:00:00.000Z', observedAt: 5 });
    expect(periodAt(h, d('2026-05-20T07:59:59Z'))).toMatchObject({ start: '2026-05-15T10:30:00.000Z', end: '2026-05-20T08:00:00.000Z', planId: 'professional' });
    expect(periodAt(h, d('2026-05-20T08:00:00Z'))).toEqual({ start: '2026-05-20T08:00:00.000Z', end: '2026-06-01T00:00:00.000Z', planId: 'explorer' });
    expect(periodAt(h, d('2026-06-03T00:00:00Z'))).toMatchObject({ start: '2026-06-01T00:00:00.000Z', planId: 'explorer' });
  });

  it('an anchor reset (interval change) ends the old anchor where the new one starts', () => {
    const h = historyOf(upgrade, entry({ subscriptionId: 'sub_1', anchor: '2026-04-02T00:00:00.000Z', subscriptionStart: '2026-03-15T10:30:00.000Z', planId: 'business', observedAt: 9 }));
    expect(periodAt(h, d('2026-04-01T00:00:00Z'))).toMatchObject({ start: '2026-03-15T10:30:00.000Z', end: '2026-04-02T00:00:00.000Z', planId: 'professional' });
    expect(periodAt(h, d('2026-04-03T00:00:00Z'))).toMatchObject({ start: '2026-04-02T00:00:00.000Z', end: '2026-05-02T00:00:00.000Z', planId: 'business' });
  });

  it('a later state of the same anchor moves the plan, not the periods', () => {
    const h = historyOf({ ...upgrade, planId: 'business', observedAt: 7, since: '2026-04-15T10:30:00.000Z' }, upgrade);
    expect(Object.keys(h)).toHaveLength(1);
    expect(periodAt(h, d('2026-03-20T00:00:00Z'))).toMatchObject({ start: '2026-03-15T10:30:00.000Z', planId: 'business' });
  });

  it('a second live subscription is in force from its start; the first resumes after it ends', () => {
    const second = entry({ subscriptionId: 'sub_2', anchor: '2026-03-20T00:00:00.000Z', planId: 'business', endedAt: '2026-03-21T00:00:00.000Z' });
    const h = historyOf(upgrade, second);
    expect(periodAt(h, d('2026-03-20T12:00:00Z'))).toMatchObject({ start: '2026-03-20T00:00:00.000Z', end: '2026-03-21T00:00:00.000Z', planId: 'business' });
    expect(periodAt(h, d('2026-03-19T00:00:00Z'))).toMatchObject({ start: '2026-03-15T10:30:00.000Z', end: '2026-03-20T00:00:00.000Z' });
    expect(periodAt(h, d('2026-03-22T00:00:00Z'))).toMatchObject({ start: '2026-03-21T00:00:00.000Z', end: '2026-04-15T10:30:00.000Z', subscriptionId: 'sub_1' });
  });
});

// Random histories: up to 4 subscriptions, each with 1-3 anchors, maybe ended, observed in several states.
const T0 = Date.UTC(2025, 0, 1);
const instant = fc.integer({ min: T0, max: T0 + 700 * DAY }).map((t) => new Date(t).toISOString());
const subscription = fc
  .record({
    id: fc.constantFrom('sub_a', 'sub_b', 'sub_c', 'sub_d'),
    start: fc.integer({ min: T0, max: T0 + 500 * DAY }),
    anchors: fc.array(fc.integer({ min: 0, max: 200 * DAY }), { minLength: 1, maxLength: 3 }),
    length: fc.option(fc.integer({ min: 1, max: 300 * DAY })),
    plans: fc.array(fc.constantFrom('professional', 'business', 'enterprise'), { minLength: 1, maxLength: 3 }),
  })
  .map((s) =>
    s.anchors.flatMap((offset, i) => {
      const anchor = new Date(s.start + offset).toISOString();
      return s.plans.map((planId, j) =>
        entry({
          subscriptionId: s.id,
          anchor,
          since: new Date(s.start + offset + j * DAY).toISOString(),
          subscriptionStart: new Date(s.start).toISOString(),
          planId,
          observedAt: i * 10 + j,
          ...(s.length !== null && j === s.plans.length - 1 ? { endedAt: new Date(s.start + s.length).toISOString() } : {}),
        }),
      );
    }),
  );
const observations = fc.array(subscription, { maxLength: 4 }).map((subs) => subs.flat());

describe('periodAt properties (fast-check)', () => {
  it('merging is order-independent and idempotent: any delivery order, any repeat, the same history', () => {
    fc.assert(
      fc.property(observations, fc.func(fc.integer()), (entries, key) => {
        const shuffled = [...entries].sort((a, b) => key(a.since + a.planId) - key(b.since + b.planId));
        expect(historyOf(...shuffled, ...entries.slice(0, 2))).toEqual(historyOf(...entries));
      }),
    );
  });

  it('segments tile time: sorted, adjacent, no gap or overlap, open at both ends', () => {
    fc.assert(
      fc.property(observations, (entries) => {
        const segments = segmentsOf(historyOf(...entries));
        expect(segments[0].from).toBe(-Infinity);
        expect(segments[segments.length - 1].to).toBe(Infinity);
        for (let i = 0; i < segments.length; i++) {
          expect(segments[i].from).toBeLessThan(segments[i].to);
          if (i) expect(segments[i].from).toBe(segments[i - 1].to);
        }
      }),
    );
  });

  it('every timestamp lands in exactly one period, and periods tile: the next starts where one ends', () => {
    fc.assert(
      fc.property(observations, instant, (entries, at) => {
        const h = historyOf(...entries);
        let period = periodAt(h, d(at));
        expect(Date.parse(period.start) <= Date.parse(at) && Date.parse(at) < Date.parse(period.end)).toBe(true);
        // Walk a year forward and back: each neighbour starts exactly at the end of the one before (no gap or overlap),
        // and every instant inside a period places into that same period.
        for (let i = 0; i < 13; i++) {
          const next = periodAt(h, d(period.end));
          expect(next.start).toBe(period.end);
          const middle = new Date((Date.parse(period.start) + Date.parse(period.end)) / 2);
          expect(periodAt(h, middle)).toEqual(period);
          expect(periodAt(h, new Date(Date.parse(period.end) - 1))).toEqual(period);
          expect(Date.parse(period.end) - Date.parse(period.start)).toBeLessThanOrEqual(31 * DAY);
          period = next;
        }
        const back = periodAt(h, new Date(Date.parse(periodAt(h, d(at)).start) - 1));
        expect(back.end).toBe(periodAt(h, d(at)).start);
      }),
    );
  });

  it('a cut explorer period ends at the paid start, and the paid period starts there', () => {
    fc.assert(
      fc.property(fc.integer({ min: T0, max: T0 + 500 * DAY }), fc.integer({ min: 0, max: 40 * DAY }), (start, anchorOffset) => {
        const startIso = new Date(start).toISOString();
        const h = historyOf(entry({ subscriptionId: 'sub_x', anchor: new Date(start + anchorOffset).toISOString(), since: startIso, subscriptionStart: startIso }));
        const before = periodAt(h, new Date(start - 1));
        expect(before).toMatchObject({ end: startIso, planId: 'explorer' });
        expect(Date.parse(before.start)).toBe(Math.max(Date.UTC(new Date(start - 1).getUTCFullYear(), new Date(start - 1).getUTCMonth(), 1), Date.parse(before.start)));
        expect(periodAt(h, new Date(start))).toMatchObject({ start: startIso, planId: 'professional' });
      }),
    );
  });
});

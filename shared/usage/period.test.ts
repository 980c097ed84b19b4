import { billingPeriodAt, previousBillingPeriod } from './org-periods';
import { addMonths, dailyBucketStart, periodContaining } from './period';

const d = (iso: string) => new Date(iso);

describe('billing periods', () => {
  it('uses calendar months (UTC) for explorer and for orgs without an anchor', () => {
    expect(billingPeriodAt({ planId: 'explorer', billingAnchor: '2026-01-15T10:00:00Z' }, d('2026-03-31T23:59:59.999Z'))).toEqual({
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
    expect(billingPeriodAt({ planId: 'business' }, d('2026-12-31T12:00:00Z'))).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
  });

  it('repeats monthly from the billing anchor of a paid plan, time of day included', () => {
    const org = { planId: 'professional', billingAnchor: '2026-01-15T10:30:00Z' };
    expect(billingPeriodAt(org, d('2026-03-15T10:29:59.999Z'))).toEqual({ start: '2026-02-15T10:30:00.000Z', end: '2026-03-15T10:30:00.000Z' });
    expect(billingPeriodAt(org, d('2026-03-15T10:30:00Z'))).toEqual({ start: '2026-03-15T10:30:00.000Z', end: '2026-04-15T10:30:00.000Z' });
    // before the anchor: the same monthly grid extended backwards
    expect(billingPeriodAt(org, d('2025-12-20T00:00:00Z'))).toEqual({ start: '2025-12-15T10:30:00.000Z', end: '2026-01-15T10:30:00.000Z' });
  });

  it('clamps an anchor on the 31st to shorter months like Stripe', () => {
    const anchor = d('2026-01-31T00:00:00Z');
    expect(addMonths(anchor, 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addMonths(anchor, 2).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(addMonths(d('2028-01-31T00:00:00Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(periodContaining(anchor, d('2026-03-01T00:00:00Z'))).toEqual({ start: '2026-02-28T00:00:00.000Z', end: '2026-03-31T00:00:00.000Z' });
  });

  it('finds the previous period', () => {
    expect(previousBillingPeriod({ planId: 'explorer' }, d('2026-01-10T00:00:00Z'))).toEqual({ start: '2025-12-01T00:00:00.000Z', end: '2026-01-01T00:00:00.000Z' });
    expect(previousBillingPeriod({ planId: 'business', billingAnchor: '2026-01-31T00:00:00Z' }, d('2026-03-05T00:00:00Z'))).toEqual({
      start: '2026-01-31T00:00:00.000Z',
      end: '2026-02-28T00:00:00.000Z',
    });
  });

  it('every instant falls in exactly one period (property over random anchors and instants)', () => {
    for (let i = 0; i < 2000; i++) {
      const anchor = new Date(Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 3e11));
      const at = new Date(Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 3e11));
      const p = periodContaining(anchor, at);
      expect(Date.parse(p.start) <= at.getTime() && at.getTime() < Date.parse(p.end)).toBe(true);
      expect(periodContaining(anchor, new Date(Date.parse(p.end))).start).toBe(p.end);
    }
  });

  it('daily buckets start at UTC midnight, or at the period start on the day a period begins', () => {
    const period = { start: '2026-03-15T10:30:00.000Z', end: '2026-04-15T10:30:00.000Z' };
    expect(dailyBucketStart(d('2026-03-15T11:00:00Z'), period)).toBe('2026-03-15T10:30:00.000Z');
    expect(dailyBucketStart(d('2026-03-16T09:00:00Z'), period)).toBe('2026-03-16T00:00:00.000Z');
    expect(dailyBucketStart(d('2026-04-15T09:00:00Z'), period)).toBe('2026-04-15T00:00:00.000Z');
  });
});

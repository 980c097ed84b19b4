import fc from 'fast-check';
import { isWhole, lateUnits, nextLevel, overageUnits, sendValue, type MeterFormula } from './meter-units';

/**
 * The sink's watermark against a simple model. Usage grows (sum) or moves (gauge) by arbitrary non-negative amounts,
 * fractions included (old counters); after every step a run claims `nextLevel` and sends `sendValue`, and some runs
 * crash before committing (the claim stays, the next run resends exactly it). The model says what Stripe must hold:
 * floor(total used) on a sum meter, ceil(current level) on a gauge.
 */
const quantity = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 10_000, noNaN: true }).map((q) => Math.round(q * 1e6) / 1e6));

describe('meter units', () => {
  it('sum meters: only whole values are sent, Stripe ends at floor(used), never more than used, each claim sent once', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ q: quantity, crash: fc.boolean() }), { maxLength: 40 }), fc.double({ min: 0, max: 2, noNaN: true }), (steps, oldFraction) => {
        let used = 0;
        let reported = Math.round(oldFraction * 1e6) / 1e6; // a fractional `reported` an older build may have left
        const stripe = new Map<number, number>(); // claim -> value: a resend of a claim is deduped by its identifier
        let pending: number | undefined;
        let claims = 0;
        const run = (crash: boolean) => {
          if (pending === undefined) {
            pending = nextLevel(used, reported, 'sum');
            if (pending === undefined) return;
            claims++;
          }
          const value = sendValue(pending, reported, 'sum');
          expect(isWhole(value)).toBe(true);
          expect(value).toBeGreaterThan(0);
          stripe.set(claims, value);
          if (crash) return;
          reported = pending;
          pending = undefined;
        };
        for (const { q, crash } of steps) {
          used += q;
          run(crash);
        }
        run(false);
        run(false);
        const billed = [...stripe.values()].reduce((a, b) => a + b, 0);
        const base = Math.ceil(Math.round(oldFraction * 1e6) / 1e6);
        expect(billed).toBe(Math.max(0, Math.floor(used) - base));
        expect(billed + base).toBeLessThanOrEqual(Math.max(used, base));
      }),
    );
  });

  it('gauges: the level sent is ceil(level), whole, and a level equal to the one Stripe has is not resent', () => {
    fc.assert(
      fc.property(fc.array(quantity, { minLength: 1, maxLength: 30 }), (levels) => {
        let reported = 0;
        let last: number | undefined;
        for (const level of levels) {
          const next = nextLevel(level, reported, 'last');
          if (next === undefined) {
            expect(Math.ceil(level)).toBe(reported);
            continue;
          }
          const value = sendValue(next, reported, 'last');
          expect(isWhole(value)).toBe(true);
          expect(value).toBe(Math.ceil(level));
          reported = next;
          last = value;
        }
        if (last !== undefined) expect(reported).toBe(last);
      }),
    );
  });

  it('late units bill only the overage the new level adds to what the final invoice billed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (reported, extra, included) => {
        const level = reported + extra;
        const late = lateUnits(level, reported, included);
        expect(late).toBe(overageUnits(level, included) - overageUnits(reported, included));
        expect(late).toBeLessThanOrEqual(extra);
        expect(late).toBeGreaterThanOrEqual(0);
      }),
    );
    expect(lateUnits(105_000, 120_000, 100_000)).toBe(0);
  });

  it.each<[number, MeterFormula, number]>([
    [0.5, 'sum', 0],
    [101.5, 'last', 102],
    [101.5, 'sum', 101],
    [100, 'last', 100],
  ])('a level of %p on a %s meter is claimed whole', (used, formula, expected) => {
    expect(nextLevel(used, 0, formula)).toBe(expected === 0 ? undefined : expected);
  });
});

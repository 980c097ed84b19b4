import fc from 'fast-check';
import { exactQuantile, mergeSketches, MIN_TRACKED_MS, RELATIVE_ACCURACY, sketchCount, sketchOf, sketchQuantile } from './latency-sketch';

const latency = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 20, arbitrary: fc.double({ min: MIN_TRACKED_MS, max: 86_400_000, noNaN: true }) },
  // Realistic: log-normal-ish spread of milliseconds.
  { weight: 20, arbitrary: fc.double({ min: 0, max: 12, noNaN: true }).map((e) => Math.max(MIN_TRACKED_MS, Math.exp(e))) },
);

const within = (estimate: number | null, exact: number | null, tolerance: number) => {
  if (exact === null) return estimate === null;
  if (exact === 0) return estimate === 0;
  return estimate !== null && Math.abs(estimate - exact) / exact <= tolerance;
};

describe('latency sketch', () => {
  it('reads every quantile back within its relative accuracy of the exact quantile (property)', () => {
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 2000 }), fc.constantFrom(0, 0.5, 0.9, 0.95, 0.99, 1), (values, q) => {
        // The bar is 2 %; the sketch promises α (plus float slack at bucket edges).
        expect(within(sketchQuantile(sketchOf(values), q), exactQuantile(values, q), RELATIVE_ACCURACY * 1.001)).toBe(true);
        expect(within(sketchQuantile(sketchOf(values), q), exactQuantile(values, q), 0.02)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('merging sketches of parts equals the sketch of the whole, in any split (property)', () => {
    fc.assert(
      fc.property(fc.array(latency, { maxLength: 500 }), fc.array(fc.nat(), { maxLength: 10 }), (values, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (values.length + 1)))].sort((a, b) => a - b);
        const parts: number[][] = [];
        let start = 0;
        for (const p of [...points, values.length]) {
          parts.push(values.slice(start, p));
          start = p;
        }
        const merged = parts.reduce((acc, part) => mergeSketches(acc, sketchOf(part)), {});
        expect(merged).toEqual(sketchOf(values));
        expect(sketchCount(merged)).toBe(values.length);
      }),
    );
  });

  it('is empty without values and reads latencies under a microsecond as 0', () => {
    expect(sketchQuantile({}, 0.95)).toBeNull();
    expect(sketchQuantile(sketchOf([0, 0.0001, 0]), 0.5)).toBe(0);
    expect(sketchQuantile(sketchOf([100]), 0.95)).toBeCloseTo(100, 0);
  });
});

/**
 * A mergeable latency sketch in the manner of DDSketch (Masson, Rim, Lee, VLDB 2019): values fall into logarithmic
 * buckets `(γ^(i-1), γ^i]` with γ = (1+α)/(1-α), so any quantile read back is within relative error α of the exact
 * quantile of the same rank. Two sketches merge by adding bucket counts, which is what lets the rollup item keep one
 * as plain counters that DynamoDB `ADD`s atomically (one attribute per bucket, see rollup-keys.ts).
 *
 * α = 0.5 %: the contract's 2 % (issue #16) with room to spare; latencies from 1 µs to one day span ~2,500 buckets at
 * most, and real ones (a few decades of milliseconds) a few hundred.
 */
export const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values below this (ms) are counted in the zero bucket and read back as 0. */
export const MIN_TRACKED_MS = 0.001;
const ZERO = 'z';

/** Bucket key -> count. Keys are the bucket index as a decimal string, or `z` for the zero bucket. */
export type LatencySketch = Record<string, number>;

/** The bucket a latency (ms, ≥ 0) falls into. */
export function bucketOf(ms: number): string {
  if (!(ms >= MIN_TRACKED_MS)) return ZERO;
  return String(Math.ceil(Math.log(ms) / LOG_GAMMA));
}

/** The value a bucket stands for: the point of least relative error within it. */
export function bucketValue(key: string): number {
  if (key === ZERO) return 0;
  return (2 * GAMMA ** Number(key)) / (GAMMA + 1);
}

export function sketchOf(values: Iterable<number>): LatencySketch {
  const sketch: LatencySketch = {};
  for (const v of values) {
    const b = bucketOf(v);
    sketch[b] = (sketch[b] ?? 0) + 1;
  }
  return sketch;
}

export function mergeSketches(into: LatencySketch, other: LatencySketch): LatencySketch {
  for (const [key, n] of Object.entries(other)) into[key] = (into[key] ?? 0) + n;
  return into;
}

export function sketchCount(sketch: LatencySketch): number {
  return Object.values(sketch).reduce((s, n) => s + n, 0);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) as the value of rank ⌊q·(n−1)⌋ in ascending order (the lower quantile; `exactQuantile`
 * is the same rule over raw values); null for an empty sketch.
 */
export function sketchQuantile(sketch: LatencySketch, q: number): number | null {
  const entries = Object.entries(sketch).filter(([, n]) => n > 0);
  const n = entries.reduce((s, [, c]) => s + c, 0);
  if (!n) return null;
  const rank = Math.floor(q * (n - 1));
  entries.sort(([a], [b]) => order(a) - order(b));
  let seen = 0;
  for (const [key, count] of entries) {
    seen += count;
    if (seen > rank) return bucketValue(key);
  }
  return bucketValue(entries[entries.length - 1][0]);
}

/** The reference the sketch is held to (tests, the direct computation): same rank rule over sorted raw values. */
export function exactQuantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

const order = (key: string) => (key === ZERO ? -Infinity : Number(key));

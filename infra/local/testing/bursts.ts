/** Waits, if needed, so that `seconds` from now still lie in the current minute (a burst must not straddle windows). */
export async function roomInCurrentMinute(seconds: number): Promise<void> {
  const intoMinute = (Date.now() / 1000) % 60;
  if (intoMinute + seconds > 60) await new Promise((r) => setTimeout(r, (60 - intoMinute + 0.2) * 1000));
}

/** Runs `fn(0..count-1)` `size` at a time, in order of batches: concurrency without flooding the local stack. */
export async function inBatches<T>(count: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => fn(i + j)))));
  return out;
}

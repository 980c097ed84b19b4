/** Alert levels of `usage.threshold_crossed`, in percent of the plan's included amount (CONTRACT §5). */
export const THRESHOLDS = [80, 100, 120] as const;
export type Threshold = (typeof THRESHOLDS)[number];

/** The levels `used` has reached. Exact integer comparison (used * 100 >= included * level), so 80% of 10,000 is 8,000. */
export function reachedThresholds(used: number, included: number): Threshold[] {
  if (!(included > 0)) return [];
  return THRESHOLDS.filter((level) => used * 100 >= included * level);
}

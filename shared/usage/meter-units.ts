/**
 * Whole-unit rules of the meter sink. Stripe meter events take whole numbers only, and old counters (or gauges) may
 * hold fractions, so every value the sink claims or sends goes through here:
 * - `sum` meters are told floor(used): the fraction is carried, and billed once it adds up to a whole unit;
 * - `last` meters (gauges) are told ceil(used): a level of 101.5 GB is billed as 102 GB.
 * A `reported` watermark that an older build left fractional is read as its ceiling, so the sink never bills a unit
 * more than it would have billed from whole values.
 */
export type MeterFormula = 'sum' | 'last';

export function wholeLevel(used: number, formula: MeterFormula): number {
  return formula === 'sum' ? Math.floor(used) : Math.ceil(used);
}

export function wholeReported(reported: number): number {
  return Math.ceil(reported);
}

/** The next level to claim as `pending`, or undefined when Stripe already has what `used` bills. */
export function nextLevel(used: number, reported: number, formula: MeterFormula): number | undefined {
  const level = wholeLevel(used, formula);
  const have = wholeReported(reported);
  if (level === have) return undefined;
  if (formula === 'sum' && level < have) return undefined; // counters only grow; nothing is taken back
  return level;
}

/** What one send tells Stripe for a claimed level: the increase on a `sum` meter, the level itself on a `last` meter. */
export function sendValue(level: number, reported: number, formula: MeterFormula): number {
  return formula === 'sum' ? level - wholeReported(reported) : level;
}

/** Overage units a level costs beyond the plan's included amount (the graduated price's free first tier). */
export function overageUnits(level: number, included: number): number {
  return Math.max(0, level - included);
}

/**
 * Units a late report bills as an invoice item once the period's invoice is final: the overage the new level adds to
 * what the invoice already billed for `reported`. A gauge that fell is not refunded.
 */
export function lateUnits(level: number, reported: number, included: number): number {
  return Math.max(0, overageUnits(level, included) - overageUnits(wholeReported(reported), included));
}

export function isWhole(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

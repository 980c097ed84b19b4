/** A billing period: `start` inclusive, `end` exclusive, both ISO-8601 UTC with milliseconds (`toISOString()`). */
export interface BillingPeriod {
  start: string;
  end: string;
}

/**
 * `anchor` moved by `months` calendar months the way Stripe does it: the anchor's day of month, clamped to the length
 * of shorter months (an anchor on the 31st gives Feb 28/29, then Mar 31), time of day kept.
 */
export function addMonths(anchor: Date, months: number): Date {
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(anchor.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()));
}

/** The period containing `at` for periods repeating monthly from `anchor`. */
export function periodContaining(anchor: Date, at: Date): BillingPeriod {
  let n = (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  while (addMonths(anchor, n) > at) n--;
  while (addMonths(anchor, n + 1) <= at) n++;
  return { start: addMonths(anchor, n).toISOString(), end: addMonths(anchor, n + 1).toISOString() };
}

/**
 * Start of the daily bucket holding `at`: UTC midnight, or the period start on the day a period begins mid-day, so
 * every bucket lies inside one period and a period's series adds up to its total. Used as the bucket's key.
 */
export function dailyBucketStart(at: Date, period: BillingPeriod): string {
  const midnight = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())).toISOString();
  return midnight < period.start ? period.start : midnight;
}

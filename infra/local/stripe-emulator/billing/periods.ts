import type { Obj } from '../store';

const DAY = 86400;

/**
 * End of the period that starts at `start`, keeping the billing anchor's day of month and time of day
 * (clamped to short months, e.g. Jan 31 -> Feb 28 -> Mar 31), as Stripe does.
 */
export function periodEnd(start: number, recurring: { interval: string; interval_count: number }, anchor: number): number {
  const count = recurring.interval_count ?? 1;
  if (recurring.interval === 'day') return start + count * DAY;
  if (recurring.interval === 'week') return start + count * 7 * DAY;
  const months = recurring.interval === 'year' ? 12 * count : count;
  const s = new Date(start * 1000);
  const a = new Date(anchor * 1000);
  const targetMonth = s.getUTCMonth() + months;
  const year = s.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(a.getUTCDate(), daysInMonth);
  return Date.UTC(year, month, day, a.getUTCHours(), a.getUTCMinutes(), a.getUTCSeconds()) / 1000;
}

/** The recurring settings that drive a subscription's periods (its first licensed item, else the first item). */
export function subscriptionRecurring(sub: Obj): { interval: string; interval_count: number } {
  const items = sub.items.data as Obj[];
  const main = items.find((i) => i.price.recurring?.usage_type !== 'metered') ?? items[0];
  return main.price.recurring;
}

export function formatDate(ts: number): string {
  return new Date(ts * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

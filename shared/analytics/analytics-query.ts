import { z } from 'zod';
import { ANALYTICS_GROUP_BY } from '../../events/analytics';
import { MAX_RANGE_DAYS } from '../usage/usage-query';

const DAY_MS = 86_400_000;
/** Days a query covers when `from` is not given (ending at `to`, or today). */
export const DEFAULT_RANGE_DAYS = 30;

const isoDate = z.iso.date().describe('UTC date, YYYY-MM-DD');

/**
 * `GET /v1/orgs/{orgId}/analytics` query: `from`/`to` (UTC dates, both included, at most 400 days; default the 30 days
 * ending today) and `groupBy` (default `eventType`).
 */
export const analyticsQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    groupBy: z.enum(ANALYTICS_GROUP_BY).default('eventType'),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to || !isoDate.safeParse(q.from).success || !isoDate.safeParse(q.to).success) return;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range covers ${days} days; at most ${MAX_RANGE_DAYS}` });
  });

export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

/** The inclusive day range a query covers, defaults filled in. */
export function queryRange(q: Pick<AnalyticsQuery, 'from' | 'to'>, now = new Date()): { from: string; to: string } {
  const to = q.to ?? (q.from ? addDays(q.from, DEFAULT_RANGE_DAYS - 1) : now.toISOString().slice(0, 10));
  const from = q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  return { from, to };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

import { z } from 'zod';
const DAY_MS = 86_400_000;

/** At most this many days in one `?from=&to=` series (CONTRACT §3). */
export const MAX_RANGE_DAYS = 400;

/** Which period a read is about: the current one, the one before it, or the one in force at `at`. */
export type PeriodSelector = { period: 'current' | 'previous' } | { at: Date };

const periodFields = {
  period: z.enum(['current', 'previous']).optional(),
  at: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 timestamp: the period in force then'),
};

function checkPeriodFields(q: { period?: string; at?: string }, ctx: z.RefinementCtx): void {
  if (q.period && q.at) ctx.addIssue({ code: 'custom', path: ['at'], message: 'give either period or at, not both' });
}

function selectorOf(q: { period?: 'current' | 'previous'; at?: string }): PeriodSelector {
  return q.at ? { at: new Date(q.at) } : { period: q.period ?? 'current' };
}

/** `GET .../usage`: `?period=current|previous` (default current) or `?at=<timestamp>`. */
export const usageQuery = z
  .object(periodFields)
  .superRefine(checkPeriodFields)
  .transform(selectorOf);

const isoDate = z.iso.date();

/** `GET .../usage/{metric}`: a period as above, or `?from=&to=` (UTC dates, both included, at most 400 days). */
export const usageMetricQuery = z
  .object({ ...periodFields, from: isoDate.optional(), to: isoDate.optional() })
  .superRefine((q, ctx) => {
    checkPeriodFields(q, ctx);
    if (!q.from && !q.to) return;
    if (q.period || q.at) ctx.addIssue({ code: 'custom', path: [q.period ? 'period' : 'at'], message: 'give a period (period or at) or a range (from and to), not both' });
    if (!q.from || !q.to) {
      ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'from and to go together' });
      return;
    }
    // zod still runs this refinement when a date failed its format: that date has its issue already.
    if (!isoDate.safeParse(q.from).success || !isoDate.safeParse(q.to).success) return;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range covers ${days} days; at most ${MAX_RANGE_DAYS}` });
  })
  .transform((q): { range: { from: string; to: string } } | { selector: PeriodSelector } => (q.from && q.to ? { range: { from: q.from, to: q.to } } : { selector: selectorOf(q) }));

import { usageMetricQuery, usageQuery } from './usage-query';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('usage read queries', () => {
  it('reads the current period by default, the previous one, or the one in force at a timestamp', () => {
    expect(usageQuery.parse({})).toEqual({ period: 'current' });
    expect(usageQuery.parse({ period: 'previous' })).toEqual({ period: 'previous' });
    expect(usageQuery.parse({ at: '2026-03-10T12:00:00Z' })).toEqual({ at: new Date('2026-03-10T12:00:00Z') });
  });

  it('refuses bad values with the field named', () => {
    expect(issues(usageQuery.safeParse({ period: 'next' }))?.[0]).toMatch(/^period:/);
    expect(issues(usageQuery.safeParse({ at: 'yesterday' }))?.[0]).toMatch(/^at:/);
    expect(issues(usageQuery.safeParse({ period: 'current', at: '2026-03-10T12:00:00Z' }))).toEqual(['at: give either period or at, not both']);
  });

  it('takes a range of up to 400 days, both dates included', () => {
    expect(usageMetricQuery.parse({ from: '2026-01-01', to: '2027-02-04' })).toEqual({ range: { from: '2026-01-01', to: '2027-02-04' } });
    expect(issues(usageMetricQuery.safeParse({ from: '2026-01-01', to: '2027-02-05' }))).toEqual(['to: the range covers 401 days; at most 400']);
    expect(issues(usageMetricQuery.safeParse({ from: '2026-01-02', to: '2026-01-01' }))).toEqual(['to: must not be before from']);
    expect(issues(usageMetricQuery.safeParse({ from: '2026-01-02' }))).toEqual(['to: from and to go together']);
    expect(issues(usageMetricQuery.safeParse({ from: '2026-01-02', to: '2026-01-03', period: 'current' }))?.[0]).toMatch(/^period: give a period/);
    expect(issues(usageMetricQuery.safeParse({ from: '2026-13-01', to: '2026-01-03' }))?.[0]).toMatch(/^from:/);
    expect(usageMetricQuery.parse({ period: 'previous' })).toEqual({ selector: { period: 'previous' } });
  });
});

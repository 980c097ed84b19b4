import { projectedUsage } from './projection';

const period = { start: '2026-03-01T00:00:00.000Z', end: '2026-03-31T00:00:00.000Z' };

describe('projected usage', () => {
  it('extends the pace so far to the end of a running period', () => {
    expect(projectedUsage(100, 'count', period, new Date('2026-03-11T00:00:00Z'))).toBe(300);
    expect(projectedUsage(0, 'sum', period, new Date('2026-03-11T00:00:00Z'))).toBe(0);
  });

  it('keeps an ended period, and a gauge level, as they are', () => {
    expect(projectedUsage(100, 'count', period, new Date('2026-04-02T00:00:00Z'))).toBe(100);
    expect(projectedUsage(42, 'max', period, new Date('2026-03-02T00:00:00Z'))).toBe(42);
  });

  it('does not project from the first seconds of a period as if they were its pace', () => {
    expect(projectedUsage(1, 'count', period, new Date('2026-03-01T00:00:01Z'))).toBe(720); // one per hour, 720 hours
  });
});

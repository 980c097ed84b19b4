import { decide, rateLimitHeaders, secondsUntil, windowAt } from './window';

describe('fixed rate windows', () => {
  it('aligns windows to multiples of their size', () => {
    expect(windowAt(Date.UTC(2025, 0, 1, 12, 0, 59, 999), 60)).toEqual({ start: Date.UTC(2025, 0, 1, 12, 0, 0) / 1000, end: Date.UTC(2025, 0, 1, 12, 1, 0) / 1000 });
    expect(windowAt(Date.UTC(2025, 0, 1, 12, 1, 0), 60).start).toBe(Date.UTC(2025, 0, 1, 12, 1, 0) / 1000);
    expect(windowAt(7_500, 5)).toEqual({ start: 5, end: 10 });
  });

  it('rounds the time to reset up and never below one second', () => {
    expect(secondsUntil(60, 0)).toBe(60);
    expect(secondsUntil(60, 59_001)).toBe(1);
    expect(secondsUntil(60, 60_000)).toBe(1);
    expect(secondsUntil(60, 30_500)).toBe(30);
  });

  it('allows up to the limit and counts down the remainder', () => {
    const w = windowAt(0, 60);
    expect(decide(1, 100, w, 0)).toEqual({ allowed: true, limit: 100, remaining: 99, resetSeconds: 60 });
    expect(decide(100, 100, w, 10_000)).toEqual({ allowed: true, limit: 100, remaining: 0, resetSeconds: 50 });
    expect(decide(101, 100, w, 10_000)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('renders the draft header fields', () => {
    expect(rateLimitHeaders({ allowed: false, limit: 100, remaining: 0, resetSeconds: 12 }, 60)).toEqual({
      'ratelimit-limit': '100',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '12',
      'ratelimit-policy': '100;w=60',
    });
  });
});

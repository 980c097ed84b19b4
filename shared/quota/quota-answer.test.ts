import { fits, hardCapBound, quotaAnswer } from './quota-answer';

const hard = { included: 100, capType: 'hard' as const };
const soft = { included: 100, capType: 'soft' as const };

describe('quota answers', () => {
  it('lets a hard cap fill exactly to its limit and no further', () => {
    expect(fits(99, 1, hard)).toBe(true);
    expect(fits(100, 1, hard)).toBe(false);
    expect(fits(0, 101, hard)).toBe(false);
    expect(fits(0, 100, hard)).toBe(true);
  });

  it('always allows a soft cap and reports the overage with nothing remaining', () => {
    expect(fits(150, 10, soft)).toBe(true);
    expect(quotaAnswer(true, 150, soft, 'x')).toEqual({ allowed: true, used: 150, limit: 100, remaining: 0, resetAt: 'x' });
    expect(quotaAnswer(true, 40, soft, 'x').remaining).toBe(60);
  });

  it('bounds the counter so used + quantity never passes the cap', () => {
    expect(hardCapBound(1, 100)).toBe(99);
    expect(hardCapBound(100, 100)).toBe(0);
    expect(hardCapBound(101, 100)).toBeUndefined();
  });
});

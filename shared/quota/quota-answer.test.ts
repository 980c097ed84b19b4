import { fits, quotaAnswer } from './quota-answer';

const hard = { included: 100, capType: 'hard' as const };
const soft = { included: 100, capType: 'soft' as const };
const at = (used: number, net = used) => ({ used, net });

describe('quota answers', () => {
  it('lets a hard cap fill exactly to its limit plus the credit balance and no further', () => {
    expect(fits(at(99), 1, hard, 0)).toBe(true);
    expect(fits(at(100), 1, hard, 0)).toBe(false);
    expect(fits(at(0), 101, hard, 0)).toBe(false);
    expect(fits(at(0), 100, hard, 0)).toBe(true);
    expect(fits(at(100), 5, hard, 5)).toBe(true);
    expect(fits(at(100), 6, hard, 5)).toBe(false);
    // 30 of 130 used were covered by credits already spent: the included amount still covers 100.
    expect(fits(at(130, 100), 5, hard, 5)).toBe(true);
  });

  it('always allows a soft cap and reports the overage with nothing remaining but credits', () => {
    expect(fits(at(150), 10, soft, 0)).toBe(true);
    expect(quotaAnswer(true, at(150), soft, 0, 'x')).toEqual({ allowed: true, used: 150, limit: 100, remaining: 0, credits: 0, resetAt: 'x' });
    expect(quotaAnswer(true, at(40), soft, 0, 'x').remaining).toBe(60);
    expect(quotaAnswer(true, at(40), soft, 25, 'x').remaining).toBe(85);
    expect(quotaAnswer(true, at(150, 100), soft, 25, 'x')).toMatchObject({ used: 150, limit: 100, remaining: 25, credits: 25 });
  });
});

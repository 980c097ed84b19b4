import fc from 'fast-check';
import { findPlan } from '../plans/catalog';
import { billableOverage, overageAccrual, overageAmount } from './pricing';

const pro = findPlan('professional')!;
const explorer = findPlan('explorer')!;

describe('overage pricing', () => {
  it('bills only soft caps beyond the included amount', () => {
    expect(billableOverage(1_500_000, pro.metrics.llm_tokens)).toBe(500_000);
    expect(billableOverage(900_000, pro.metrics.llm_tokens)).toBe(0);
    expect(billableOverage(20_000, explorer.metrics.llm_tokens)).toBe(0);
  });

  it('prices per unit size and rounds the total to a cent', () => {
    expect(overageAmount(500_000, pro.metrics.llm_tokens)).toEqual({ amount: 500, currency: 'usd' }); // $0.01 per 1K
    expect(overageAmount(1_500, pro.metrics.llm_tokens)).toEqual({ amount: 2, currency: 'usd' }); // 1.5 cents -> 2
    expect(overageAmount(1_234_567, pro.metrics.api_calls)).toEqual({ amount: 123_457, currency: 'usd' }); // $0.001 each
    expect(overageAmount(3, pro.metrics.agent_executions)).toEqual({ amount: 30, currency: 'usd' });
    expect(overageAmount(12.5, pro.metrics.storage_gb)).toEqual({ amount: 625, currency: 'usd' });
    expect(overageAmount(0, pro.metrics.storage_gb)).toEqual({ amount: 0, currency: 'usd' });
  });
});

describe('overage accrual (decimal minor units)', () => {
  it('keeps sub-cent amounts exact as a decimal string', () => {
    expect(overageAccrual(1_234, pro.metrics.api_calls)).toEqual({ amount: '123.4', currency: 'usd' });
    expect(overageAccrual(1_500, pro.metrics.llm_tokens)).toEqual({ amount: '1.5', currency: 'usd' });
    expect(overageAccrual(3, pro.metrics.agent_executions)).toEqual({ amount: '30', currency: 'usd' });
    expect(overageAccrual(0, pro.metrics.api_calls)).toEqual({ amount: '0', currency: 'usd' });
    expect(overageAccrual(1e12, pro.metrics.api_calls).amount).toBe('100000000000');
  });

  it('matches an exact rational model to a micro-cent (fast-check)', () => {
    const metrics = Object.values(pro.metrics).filter((m) => m.overageUnitAmount !== null);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constantFrom(...metrics), (overage, allowance) => {
        const { amount } = overageAccrual(overage, allowance);
        expect(amount).toMatch(/^\d+(\.\d{1,6})?$/);
        // model: overage × unit amount / unit size, in micro-cents, as exact rationals
        const [whole, frac = ''] = amount.split('.');
        const micro = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
        const exactNumerator = BigInt(overage) * BigInt(Math.round(allowance.overageUnitAmount! * 1e6));
        const size = BigInt(allowance.overageUnitSize);
        const diffTimes2Size = 2n * (micro * size) - 2n * exactNumerator; // (micro - exact) × 2 × size
        expect(diffTimes2Size <= size && diffTimes2Size >= -size).toBe(true);
      }),
    );
  });
});

import { findPlan } from '../plans/catalog';
import { billableOverage, overageAmount } from './pricing';

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

import { listPlans } from './plans-view';

describe('listPlans', () => {
  it('serves every catalog plan in the contract shape', () => {
    const { plans } = listPlans();
    expect(plans.map((p) => p.id)).toEqual(['explorer', 'professional', 'business', 'enterprise']);
    const pro = plans.find((p) => p.id === 'professional')!;
    expect(pro).toMatchObject({
      name: 'Professional',
      prices: [
        { interval: 'month', amount: 9900, currency: 'usd' },
        { interval: 'year', amount: 99000, currency: 'usd' },
      ],
      trialDays: 14,
      rateLimit: { requestsPerMinute: 1000 },
      seats: 25,
      seatPrice: { amount: 500, currency: 'usd' },
      metrics: { llm_tokens: { included: 1_000_000, capType: 'soft', overageUnitAmount: 1, overageUnitSize: 1000, unit: 'tokens', aggregation: 'sum' } },
    });
    expect(plans.find((p) => p.id === 'explorer')!.metrics.api_calls).toEqual({ included: 1000, capType: 'hard', overageUnitAmount: null, overageUnitSize: 1, unit: 'calls', aggregation: 'count' });
    expect(plans.find((p) => p.id === 'enterprise')!.seats).toBeNull();
  });
});

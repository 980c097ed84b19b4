import { catalogSchema } from './catalog-schema';
import { catalog, defaultPlan, extraSeats, findPlan, seatLimit } from './catalog';

describe('plan catalog', () => {
  it('ships the default catalog of CONTRACT §4', () => {
    expect(catalog.plans.map((p) => [p.id, p.prices[0]!.amount, p.rateLimit.requestsPerMinute, p.seats])).toEqual([
      ['explorer', 0, 100, 3],
      ['professional', 9_900, 1_000, 25],
      ['business', 29_900, 10_000, 100],
      ['enterprise', 99_900, 100_000, null],
    ]);
    expect(defaultPlan().id).toBe('explorer');
    expect(findPlan('explorer')!.metrics.llm_tokens).toMatchObject({ included: 10_000, capType: 'hard' });
    expect(findPlan('professional')!.metrics.llm_tokens).toMatchObject({ included: 1_000_000, capType: 'soft', overageUnitAmount: 1, overageUnitSize: 1_000 });
    expect(findPlan('enterprise')!.features).toEqual(expect.arrayContaining(['api_access', 'team_management', 'white_label']));
  });

  it('carries yearly prices at 10x the monthly, 14-day trials on professional and business, and a seat price on professional', () => {
    expect(catalog.plans.map((p) => [p.id, p.prices.find((x) => x.interval === 'year')?.amount ?? null, p.trialDays, p.seatPrice?.amount ?? null])).toEqual([
      ['explorer', null, 0, null],
      ['professional', 99_000, 14, 500],
      ['business', 299_000, 14, null],
      ['enterprise', 999_000, 0, null],
    ]);
    for (const plan of catalog.plans.filter((p) => p.prices.some((x) => x.interval === 'year'))) {
      expect(plan.prices.find((x) => x.interval === 'year')!.amount).toBe(10 * plan.prices.find((x) => x.interval === 'month')!.amount);
    }
  });

  it('bills seats beyond the included ones only on a plan with a seat price', () => {
    expect(seatLimit(findPlan('professional')!)).toBeNull();
    expect(seatLimit(findPlan('business')!)).toBe(100);
    expect(seatLimit(findPlan('explorer')!)).toBe(3);
    expect([24, 25, 26, 40].map((n) => extraSeats(findPlan('professional')!, n))).toEqual([0, 0, 1, 15]);
    expect(extraSeats(findPlan('business')!, 120)).toBe(0);
  });

  it('rejects two prices of one interval and a seat price without included seats', () => {
    const pro = structuredClone(findPlan('professional')!);
    const base = { defaultPlanId: 'professional', creditPacks: [] };
    expect(catalogSchema.safeParse({ ...base, plans: [pro] }).success).toBe(true);
    expect(catalogSchema.safeParse({ ...base, plans: [{ ...pro, prices: [...pro.prices, pro.prices[0]] }] }).success).toBe(false);
    expect(catalogSchema.safeParse({ ...base, plans: [{ ...pro, seats: null }] }).success).toBe(false);
  });

  it('rejects a catalog with a missing metric or an unknown default plan', () => {
    const explorer = structuredClone(findPlan('explorer')!);
    delete (explorer.metrics as Record<string, unknown>).api_calls;
    expect(catalogSchema.safeParse({ defaultPlanId: 'explorer', plans: [explorer] }).success).toBe(false);
    expect(catalogSchema.safeParse({ defaultPlanId: 'nope', plans: [findPlan('explorer')] }).success).toBe(false);
  });
});

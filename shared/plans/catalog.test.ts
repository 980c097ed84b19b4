import { catalogSchema } from './catalog-schema';
import { catalog, defaultPlan, findPlan } from './catalog';

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

  it('rejects a catalog with a missing metric or an unknown default plan', () => {
    const explorer = structuredClone(findPlan('explorer')!);
    delete (explorer.metrics as Record<string, unknown>).api_calls;
    expect(catalogSchema.safeParse({ defaultPlanId: 'explorer', plans: [explorer] }).success).toBe(false);
    expect(catalogSchema.safeParse({ defaultPlanId: 'nope', plans: [findPlan('explorer')] }).success).toBe(false);
  });
});

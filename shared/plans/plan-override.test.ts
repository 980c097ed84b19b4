
import { findPlan } from './catalog';
import { effectivePlan } from './effective-plan';
import { applyOverride, mergeOverride, overrideProblems } from './plan-override';

const now = new Date('2026-05-10T00:00:00Z');

describe('plan overrides', () => {
  it("lay an org's allowances, seats, rate limit and features over its plan, and nothing else", () => {
    const override = mergeOverride(null, { included: { llm_tokens: 50_000 }, capType: { api_calls: 'soft' }, seats: null, requestsPerMinute: 500, addFeatures: ['white_label'], removeFeatures: ['basic_predictions'] });
    const plan = effectivePlan({ planId: 'explorer', planOverride: override }, now, 3);
    expect(plan.metrics.llm_tokens).toMatchObject({ included: 50_000, capType: 'hard', unit: 'tokens' });
    expect(plan.metrics.api_calls).toMatchObject({ included: 1_000, capType: 'soft' });
    expect(plan.metrics.agent_executions).toEqual(findPlan('explorer')!.metrics.agent_executions);
    expect([plan.seats, plan.rateLimit.requestsPerMinute, plan.features]).toEqual([null, 500, ['api_access', 'white_label']]);
    // The catalog's plan itself is untouched.
    expect(findPlan('explorer')!.metrics.llm_tokens!.included).toBe(10_000);
    expect(effectivePlan({ planId: 'explorer' }, now, 3).metrics.llm_tokens!.included).toBe(10_000);
  });

  it('merge on top of the previous override; a feature added again is no longer removed', () => {
    const first = mergeOverride(null, { included: { llm_tokens: 1 }, removeFeatures: ['export'] });
    const second = mergeOverride(first, { included: { api_calls: 2 }, addFeatures: ['export'] });
    expect(second).toEqual({ metrics: { llm_tokens: { included: 1 }, api_calls: { included: 2 } }, features: { add: ['export'], remove: [] } });
    expect(first).toEqual({ metrics: { llm_tokens: { included: 1 } }, features: { add: [], remove: ['export'] } });
  });

  it('name what the catalog does not know, and ignore it if the catalog later drops it', () => {
    const override = { metrics: { minutes: { included: 5 } }, features: { add: ['teleport'], remove: [] } };
    expect(overrideProblems(override)).toEqual([expect.stringContaining('unknown metric "minutes"'), expect.stringContaining('unknown feature "teleport"')]);
    const plan = applyOverride(findPlan('professional')!, override);
    expect(Object.keys(plan.metrics)).toEqual(Object.keys(findPlan('professional')!.metrics));
    expect(plan.features).toEqual(findPlan('professional')!.features);
  });

  it('apply after the fallback to the free plan too (the deal is the org\'s, not the subscription\'s)', () => {
    expect(effectivePlan({ planId: 'business', subscriptionStatus: 'canceled', planOverride: { seats: 40 } }, now, 3)).toMatchObject({ id: 'explorer', seats: 40 });
  });
});

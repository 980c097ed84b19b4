import { featureIds as FEATURES, metricIds as METRICS } from '../plans/catalog';
import { findPlan } from '../plans/catalog';
import { entitlementsOf } from './entitlements-of';

describe('entitlementsOf', () => {
  it('lists every catalog feature and metric, granted or not', () => {
    const e = entitlementsOf(findPlan('explorer')!);
    expect(Object.keys(e.features).sort()).toEqual([...FEATURES].sort());
    expect(Object.keys(e.limits).sort()).toEqual([...METRICS].sort());
    expect(e.features).toMatchObject({ api_access: true, basic_predictions: true, webhooks: false, white_label: false });
    expect(e.limits.llm_tokens).toEqual({ included: 10_000, capType: 'hard' });
    expect(e.rateLimit).toEqual({ requestsPerMinute: 100 });
  });

  it('grants enterprise every feature with soft caps', () => {
    const e = entitlementsOf(findPlan('enterprise')!);
    expect(Object.values(e.features).every(Boolean)).toBe(true);
    expect(e.limits.api_calls).toEqual({ included: 1_000_000, capType: 'soft' });
  });
});

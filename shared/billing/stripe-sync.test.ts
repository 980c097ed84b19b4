import { startHarness, type Harness } from '../../infra/local/stripe-emulator/test-support';
import { desiredPrices, licensedLookupKey, overageLookupKey, planPriceSpecs, seatLookupKey } from './stripe-catalog';
import { desiredPackPrices, packLookupKey } from './stripe-packs';
import { syncStripeCatalog } from './stripe-sync';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('syncStripeCatalog against the Stripe emulator', () => {
  it('creates meters, products and prices once, then changes nothing', async () => {
    const first = await syncStripeCatalog(h.stripe);
    expect(first.created.filter((c) => c.startsWith('meter '))).toHaveLength(4);
    expect(first.created.filter((c) => c.startsWith('price '))).toHaveLength(desiredPrices().length + desiredPackPrices().length);
    const second = await syncStripeCatalog(h.stripe);
    expect(second).toEqual({ created: [], updated: [], unchanged: first.created.length });
  });

  it('serves the catalog by lookup key: $99 licensed, graduated overage with the included allowance free', async () => {
    const { data } = await h.stripe.prices.list({ lookup_keys: [licensedLookupKey('professional'), overageLookupKey('professional', 'llm_tokens')] });
    const licensed = data.find((p) => p.lookup_key === 'argus_professional_month_v1')!;
    const overage = data.find((p) => p.lookup_key === 'argus_professional_llm_tokens_overage_v1')!;
    expect(licensed).toMatchObject({ unit_amount: 9900, currency: 'usd', recurring: { interval: 'month', usage_type: 'licensed' }, metadata: { argus_plan: 'professional', argus_catalog_version: '1' } });
    expect(overage).toMatchObject({ billing_scheme: 'tiered', tiers_mode: 'graduated', recurring: { usage_type: 'metered' } });
    expect(overage.tiers?.map((t) => [t.up_to, String(t.unit_amount_decimal)])).toEqual([[1_000_000, '0'], [null, '0.001']]);
  });

  it('adds the yearly plan prices (10x monthly) and the per-seat prices of a plan that bills seats', async () => {
    const keys = [licensedLookupKey('professional', 'year'), licensedLookupKey('enterprise', 'year'), seatLookupKey('professional', 'month'), seatLookupKey('professional', 'year')];
    const { data } = await h.stripe.prices.list({ lookup_keys: keys });
    const byKey = new Map(data.map((p) => [p.lookup_key, p]));
    expect(byKey.get('argus_professional_year_v1')).toMatchObject({ unit_amount: 99_000, recurring: { interval: 'year', usage_type: 'licensed' } });
    expect(byKey.get('argus_enterprise_year_v1')).toMatchObject({ unit_amount: 999_000, recurring: { interval: 'year' } });
    expect(byKey.get('argus_professional_seat_month_v1')).toMatchObject({ unit_amount: 500, recurring: { interval: 'month', usage_type: 'licensed' }, metadata: { argus_kind: 'seat', argus_plan: 'professional' } });
    expect(byKey.get('argus_professional_seat_year_v1')).toMatchObject({ unit_amount: 5_000, recurring: { interval: 'year' } });
    expect((await h.stripe.prices.list({ lookup_keys: [seatLookupKey('business', 'month')] })).data).toHaveLength(0);
    expect(planPriceSpecs('professional', 1, 'year').map((s) => s.lookupKey)).toEqual([
      'argus_professional_year_v1',
      'argus_professional_llm_tokens_overage_v1',
      'argus_professional_agent_executions_overage_v1',
      'argus_professional_api_calls_overage_v1',
      'argus_professional_storage_gb_overage_v1',
      'argus_professional_seat_year_v1',
    ]);
  });

  it('gives each credit pack a one-time price: tokens_1m $10, agents_1k $50', async () => {
    const { data } = await h.stripe.prices.list({ lookup_keys: [packLookupKey('tokens_1m'), packLookupKey('agents_1k')] });
    const byKey = Object.fromEntries(data.map((p) => [p.lookup_key, p]));
    expect(byKey.argus_pack_tokens_1m).toMatchObject({ unit_amount: 1_000, currency: 'usd', recurring: null, type: 'one_time', metadata: { argus_pack: 'tokens_1m' } });
    expect(byKey.argus_pack_agents_1k).toMatchObject({ unit_amount: 5_000, recurring: null, type: 'one_time' });
  });

  it('replaces a price whose amount changed and moves the lookup key to it', async () => {
    const [old] = (await h.stripe.prices.list({ lookup_keys: [licensedLookupKey('business')] })).data;
    await h.stripe.prices.update(old!.id, { metadata: { argus_fingerprint: 'stale' } });
    const summary = await syncStripeCatalog(h.stripe);
    expect(summary.updated).toEqual(['price argus_business_month_v1']);
    const [current] = (await h.stripe.prices.list({ lookup_keys: [licensedLookupKey('business')] })).data;
    expect(current!.id).not.toBe(old!.id);
    expect((await h.stripe.prices.retrieve(old!.id)).active).toBe(false);
  });
});

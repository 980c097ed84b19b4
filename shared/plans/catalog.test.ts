import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalog, catalogVersions, defaultPlan, extraSeats, featureIds, findPlan, metricIds, metricSchema, seatLimit } from './catalog';
import { CatalogError, formatProblem, loadCatalogSet, parseCatalogFile, readCatalogDir } from './catalog-load';

const v1 = readFileSync(path.join(__dirname, '..', '..', 'catalog', 'v1.json'), 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('plan catalog', () => {
  it('ships the default catalog of CONTRACT §4 as data (catalog/v1.json)', () => {
    expect(catalog.version).toBe(1);
    expect(catalog.plans.map((p) => [p.id, p.prices[0]!.amount, p.rateLimit.requestsPerMinute, p.seats, p.trialDays])).toEqual([
      ['explorer', 0, 100, 3, 0],
      ['professional', 9_900, 1_000, 25, 14],
      ['business', 29_900, 10_000, 100, 14],
      ['enterprise', 99_900, 100_000, null, 0],
    ]);
    // Yearly = 10x monthly; professional sells extra seats at $5.
    for (const plan of catalog.plans.filter((p) => p.prices[0]!.amount > 0)) expect(plan.prices.find((p) => p.interval === 'year')!.amount).toBe(plan.prices[0]!.amount * 10);
    expect(catalog.plans.map((p) => p.seatPrice?.amount ?? null)).toEqual([null, 500, null, null]);
    expect(metricIds).toEqual(['llm_tokens', 'agent_executions', 'api_calls', 'storage_gb']);
    expect(featureIds).toHaveLength(10);
    expect(defaultPlan().id).toBe('explorer');
    expect(findPlan('explorer')!.metrics.llm_tokens).toMatchObject({ included: 10_000, capType: 'hard' });
    expect(findPlan('professional')!.metrics.llm_tokens).toMatchObject({ included: 1_000_000, capType: 'soft', overageUnitAmount: 1, overageUnitSize: 1_000, unit: 'tokens', aggregation: 'sum' });
    expect(findPlan('enterprise')!.features).toEqual(expect.arrayContaining(['api_access', 'team_management', 'white_label']));
    expect(catalog.creditPacks.map((p) => p.id)).toEqual(['tokens_1m', 'agents_1k']);
  });

  it('bills seats beyond the included ones only on a plan with a seat price', () => {
    expect(seatLimit(findPlan('professional')!)).toBeNull();
    expect(seatLimit(findPlan('business')!)).toBe(100);
    expect(seatLimit(findPlan('explorer')!)).toBe(3);
    expect([24, 25, 26, 40].map((n) => extraSeats(findPlan('professional')!, n))).toEqual([0, 0, 1, 15]);
    expect(extraSeats(findPlan('business')!, 120)).toBe(0);
  });

  it('derives the request enums from the file', () => {
    expect(metricSchema.safeParse('api_calls').success).toBe(true);
    expect(metricSchema.safeParse('minutes').success).toBe(false);
  });

  it('names the line and the entry of each problem', () => {
    const bad = v1
      .replace('"features": ["api_access", "basic_predictions"],', '"features": ["api_access", "basic_prediction"],')
      .replace('"agent_executions": { "included": 5000, "capType": "soft", "overageUnitAmount": 10 }', '"agent_executions": { "included": -1, "capType": "soft", "overageUnitAmount": 10 }')
      .replace('"metric": "llm_tokens", "quantity"', '"metric": "tokens", "quantity"');
    const { problems } = parseCatalogFile({ name: 'v1.json', text: bad });
    expect(problems!.map(formatProblem)).toEqual([
      `v1.json:${lineOf(bad, '"basic_prediction"]')}:${bad.split('\n')[lineOf(bad, '"basic_prediction"]') - 1]!.indexOf('"basic_prediction"') + 1}: plans.0.features.1: plan "explorer": unknown feature "basic_prediction" (declare it in "features")`,
      expect.stringMatching(new RegExp(`^v1\\.json:${lineOf(bad, '"included": -1')}:\\d+: plans\\.1\\.metrics\\.agent_executions\\.included: .*>=0`)),
      expect.stringMatching(new RegExp(`^v1\\.json:${lineOf(bad, '"metric": "tokens"')}:\\d+: creditPacks\\.0\\.metric: credit pack "tokens_1m": unknown metric "tokens"$`)),
    ]);
  });

  it('names a plan that lacks a metric, an unknown metric, a duplicate id and a JSON syntax error', () => {
    const missing = v1.replace(/,\n\s*"storage_gb": \{ "included": 100, [^}]*\}/, '');
    expect(parseCatalogFile({ name: 'v1.json', text: missing }).problems!.map((p) => [p.path, p.message, p.line])).toEqual([
      ['plans.1.metrics', 'plan "professional" has no allowance for metric "storage_gb"', lineOf(missing, '"metrics": {\n        "llm_tokens": { "included": 1000000')],
    ]);
    const unknown = v1.replace('"api_calls": { "included": 1000, "capType": "hard"', '"api_cals": { "included": 1000, "capType": "hard"');
    expect(parseCatalogFile({ name: 'v1.json', text: unknown }).problems!.map((p) => p.message)).toEqual([
      'plan "explorer" has no allowance for metric "api_calls"',
      'plan "explorer": unknown metric "api_cals" (declare it in "metrics")',
    ]);
    const dup = v1.replace('"id": "business"', '"id": "professional"');
    expect(parseCatalogFile({ name: 'v1.json', text: dup }).problems!.map((p) => [p.line, p.message])).toEqual([[lineOf(dup, '"name": "Business"') - 1, 'duplicate plan "professional"']]);
    const syntax = v1.replace('"trialDays": 14,\n      "seats": 25', '"trialDays": 14\n      "seats": 25');
    const [problem] = parseCatalogFile({ name: 'v1.json', text: syntax }).problems!;
    expect(problem).toMatchObject({ line: lineOf(syntax, '"seats": 25'), column: 7 });
    expect(problem!.message).toMatch(/^not valid JSON: expected "}" but found """ at line \d+, column 7$/);
  });

  it('refuses a hard cap with an overage price, a file whose version does not match its name, and no file at all', () => {
    const hard = v1.replace('"llm_tokens": { "included": 10000, "capType": "hard", "overageUnitAmount": null }', '"llm_tokens": { "included": 10000, "capType": "hard", "overageUnitAmount": 1 }');
    expect(parseCatalogFile({ name: 'v1.json', text: hard }).problems!.map((p) => p.path)).toEqual(['plans.0.metrics.llm_tokens.overageUnitAmount']);
    expect(parseCatalogFile({ name: 'v2.json', text: v1 }).problems!.map((p) => p.message)).toEqual(['version 1 does not match the file name (expected 2)']);
    expect(() => loadCatalogSet([])).toThrow(CatalogError);
  });

  it('keeps every version: a plan of version N has version N terms, the newest is current', () => {
    const set = loadCatalogSet(readCatalogDir(path.join(__dirname, 'fixtures', 'minutes')));
    expect(set.current.version).toBe(2);
    expect([...set.versions.keys()]).toEqual([1, 2]);
    const pro = (v: number) => set.versions.get(v)!.plans.find((p) => p.id === 'professional')!;
    expect([pro(1).prices[0]!.amount, pro(1).metrics.minutes!.included]).toEqual([9_900, 1_000]);
    expect([pro(2).prices[0]!.amount, pro(2).metrics.minutes!.included]).toEqual([12_900, 2_000]);
    expect(catalogVersions()).toEqual([1]);
    expect(findPlan('professional', 7)).toBe(findPlan('professional'));
  });
});

describe('catalog/catalog.schema.json', () => {
  it('is the JSON Schema of the zod schema (regenerate: npx tsx shared/plans/catalog-json-schema.ts)', () => {
    const { catalogJsonSchema } = require('./catalog-json-schema') as typeof import('./catalog-json-schema');
    expect(readFileSync(path.join(__dirname, '..', '..', 'catalog', 'catalog.schema.json'), 'utf8')).toBe(catalogJsonSchema());
  });
});

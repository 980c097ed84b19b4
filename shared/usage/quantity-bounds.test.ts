import fc from 'fast-check';
import { metricIds as METRICS, type Metric } from '../plans/catalog';
import { decimalPlaces, isGauge, quantityProblem } from './quantity-bounds';
import { validateUsageEvent } from './validate-event';

/**
 * The simple model: a quantity written as the decimal `int.frac` is allowed when it is > 0 and ≤ 10^12, and its
 * fraction (trailing zeros dropped) is empty on a counted metric or at most 6 digits on a gauge. Compared as exact
 * integers (BigInt), never as floating point.
 */
function modelAllows(metric: Metric, int: bigint, frac: string): boolean {
  const digits = frac.replace(/0+$/, '');
  const scale = 10n ** BigInt(digits.length);
  const scaled = int * scale + BigInt(digits || '0');
  if (scaled <= 0n || scaled > 1_000_000_000_000n * scale) return false;
  return isGauge(metric) ? digits.length <= 6 : digits.length === 0;
}

/** Decimals of at most 15 significant digits: a double holds them exactly, so the text and the number agree. */
const decimal = fc
  .record({ int: fc.bigInt({ min: 0n, max: 2_000_000_000_000n }), frac: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 9 }) })
  .filter(({ int, frac }) => (int === 0n ? 0 : int.toString().length) + frac.length <= 15);

describe('quantity bounds', () => {
  it('agree with the model on every metric (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...METRICS), decimal, (metric, { int, frac }) => {
        const quantity = Number(frac ? `${int}.${frac}` : `${int}`);
        expect({ quantity, allowed: quantityProblem(metric, quantity) === undefined }).toEqual({ quantity, allowed: modelAllows(metric, int, frac) });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse what is not a positive finite number, and the numbers past exact arithmetic', () => {
    for (const metric of METRICS) {
      for (const q of [0, -0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e20, 2 ** 53 + 2, 9e15, 1e12 + 1, Number.MAX_VALUE]) {
        expect({ metric, q, problem: typeof quantityProblem(metric, q) }).toEqual({ metric, q, problem: 'string' });
      }
      expect(quantityProblem(metric, 1e12)).toBeUndefined();
      expect(quantityProblem(metric, 1)).toBeUndefined();
    }
  });

  it('take gauges to 6 decimals and counted metrics in whole units', () => {
    expect(quantityProblem('storage_gb', 101.5)).toBeUndefined();
    expect(quantityProblem('storage_gb', 0.000001)).toBeUndefined();
    expect(quantityProblem('storage_gb', 0.0000001)).toMatch(/6 decimals/);
    expect(quantityProblem('storage_gb', 999_999_999_999.999)).toBeUndefined();
    expect(quantityProblem('api_calls', 0.5)).toMatch(/whole/);
    expect(quantityProblem('llm_tokens', 1.5)).toMatch(/whole/);
    expect([decimalPlaces(1e-7), decimalPlaces(1.25e-5), decimalPlaces(0.1), decimalPlaces(1e21), decimalPlaces(3)]).toEqual([7, 7, 1, 0, 0]);
  });

  it('refuse an event past the bounds with invalid_quantity, llm token counts included', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const code = (raw: Record<string, unknown>) => {
      const r = validateUsageEvent({ id: 'e', orgId: 'o', ...raw }, now);
      return r.ok ? 'ok' : r.reason.code;
    };
    expect(code({ metric: 'api_calls', quantity: 1e20 })).toBe('invalid_quantity');
    expect(code({ metric: 'api_calls', quantity: 2 ** 53 + 2 })).toBe('invalid_quantity');
    expect(code({ metric: 'api_calls', quantity: 1e12 })).toBe('ok');
    expect(code({ metric: 'storage_gb', quantity: 1.0000001 })).toBe('invalid_quantity');
    const llm = (tokensIn: number, tokensOut: number) => code({ metric: 'llm_tokens', properties: { provider: 'openai', model: 'gpt-4o', tokensIn, tokensOut } });
    expect(llm(1e12, 0)).toBe('ok');
    expect(llm(1e12, 1)).toBe('invalid_quantity');
    expect(llm(0, 0)).toBe('invalid_quantity');
  });
});

import fc from 'fast-check';
import { quantityProblem } from '../usage/quantity-bounds';
import { assertFits, bytesToGb } from './storage-levels';

/** Simple model, in exact integers: a level is the stored bytes in whole kilobytes, rounded up, over 10^6. */
const modelMicroGb = (bytes: bigint) => (bytes + 999n) / 1000n;

describe('storage levels', () => {
  it('turn any byte total up to 5 PB into a storage_gb level the usage path accepts, never below the bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 5_000_000_000_000_000n }), (bytes) => {
        const level = bytesToGb(Number(bytes));
        expect(quantityProblem('storage_gb', level)).toBeUndefined();
        // The level read back as an exact decimal equals the model (no float drift past 6 decimals).
        expect(BigInt(Math.round(level * 1e6))).toBe(modelMicroGb(bytes));
        expect(level * 1e9).toBeGreaterThanOrEqual(Number(bytes) * (1 - 1e-12));
      }),
    );
  });

  it('hold a hard cap exactly: fits up to the cap, 402 one byte past it, anything with no cap (fast-check)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2e12 }), fc.nat({ max: 2e12 }), fc.nat({ max: 2e12 }), (stored, more, cap) => {
        const fits = () => assertFits(stored, more, cap);
        if (stored + more <= cap) expect(fits).not.toThrow();
        else expect(fits).toThrow(expect.objectContaining({ statusCode: 402, code: 'upgrade_required' }));
        expect(() => assertFits(stored, more, null)).not.toThrow();
      }),
    );
  });
});

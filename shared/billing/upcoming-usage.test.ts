import fc from 'fast-check';
import { priceAmount } from '../../infra/local/stripe-emulator/billing/amounts';
import { catalog } from '../plans/catalog';
import { desiredPrices, meterFormula } from './stripe-catalog';
import { usageCharge } from './upcoming-usage';

/** The Stripe price the sync creates for each billed (plan, metric), as the emulator prices it. */
const overagePrices = desiredPrices().filter((s) => s.kind === 'overage');

describe('usageCharge (the usage the upcoming invoice shows)', () => {
  it('bills what the synced graduated Stripe price bills for the level the meter sink reports', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...overagePrices),
        // Up to 10^12 (the contract's bound), fractions included (gauges, old counters); often near the included amount.
        fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 20_000_000 }), fc.double({ min: 0, max: 2_000, noNaN: true })),
        fc.integer({ min: 0, max: 20_000_000 }),
        (spec, used, reportedRaw) => {
          const allowance = catalog.plans.find((p) => p.id === spec.planId)!.metrics[spec.metric!];
          const formula = meterFormula(allowance.aggregation);
          const level = formula === 'sum' ? Math.floor(used) : Math.ceil(used);
          // A sum meter never holds more than the counter reached; a gauge may have held any level.
          const reported = formula === 'sum' ? Math.min(reportedRaw, level) : reportedRaw;
          const charge = usageCharge(spec.metric!, allowance, used, reported);
          expect(charge.quantity).toBe(level);
          expect(charge.overage).toBe(Math.max(0, level - allowance.included));
          const stripePrice = { billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: spec.tiers!.map((t) => ({ up_to: t.upTo === 'inf' ? null : t.upTo, unit_amount_decimal: t.unitAmountDecimal, flat_amount: null })), transform_quantity: null };
          expect(charge.amount).toEqual({ amount: priceAmount(stripePrice, level), currency: 'usd' });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('a sum never shows less than Stripe already holds', () => {
    const allowance = catalog.plans.find((p) => p.id === 'professional')!.metrics.api_calls;
    expect(usageCharge('api_calls', allowance, 100_500, 101_000)).toMatchObject({ quantity: 101_000, overage: 1_000, amount: { amount: 100 } });
  });
});

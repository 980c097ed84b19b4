import fc from 'fast-check';
import { holdRefunds, planSpend } from '../credits/spend-plan';
import { microsToMoney, overageChangeMicros, overageMicros, unitPriceMicros } from './overage-budget';

// Only the items are built here (no table is reached): the client module needs a table name to load.
process.env.TABLE_NAME ??= 'argus-unit';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { overageSpendUpdate } = require('./overage-spend') as typeof import('./overage-spend');

/**
 * Spend-limit enforcement against a simple model (fast-check), storage stubbed by an in-memory counter and spend item
 * whose conditions are evaluated as DynamoDB would. The code under test is what the real paths compose: the spend
 * plan, the overage it adds (overage-budget.ts), the conditional ADD on the period's spend (overage-spend.ts) and the
 * exact give-back of a hold. The model: billed overage = max(0, net - included) at the unit price; a consume or
 * reserve is refused exactly when its overage would take that past the limit; reported usage is never refused.
 */
type Op = { kind: 'consume' | 'report' | 'reserve'; quantity: number } | { kind: 'release' | 'commit'; hold: number; keep: number };

interface Store {
  net: number;
  micros: number | undefined;
}

/** DynamoDB's reading of the two conditions overageSpendUpdate writes. */
function conditionHolds(item: NonNullable<ReturnType<typeof overageSpendUpdate>>, store: Store): boolean {
  const cond = item.Update.ConditionExpression;
  if (!cond) return true;
  const room = Number((item.Update.ExpressionAttributeValues as Record<string, number>)[':room']);
  if (store.micros === undefined) return cond.startsWith('attribute_not_exists');
  return store.micros <= room;
}

const pricing = fc.constantFrom(
  { capType: 'soft' as const, overageUnitAmount: 10, overageUnitSize: 1 },
  { capType: 'soft' as const, overageUnitAmount: 0.1, overageUnitSize: 1 },
  { capType: 'soft' as const, overageUnitAmount: 1, overageUnitSize: 1000 },
  { capType: 'soft' as const, overageUnitAmount: 0.08, overageUnitSize: 1 },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('consume' as const, 'report' as const, 'reserve' as const), quantity: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constantFrom('release' as const, 'commit' as const), hold: fc.nat(), keep: fc.nat({ max: 40 }) }),
);

describe('spend limit against a simple model (fast-check)', () => {
  it('refuses exactly what would pass the limit and keeps the spend equal to the billed overage', () => {
    fc.assert(
      fc.property(pricing, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 300 }), fc.array(op, { maxLength: 40 }), (price, included, limitCents, ops) => {
        const unit = unitPriceMicros(price);
        const limit = { amount: limitCents, currency: 'usd' as const };
        const store: Store = { net: 0, micros: undefined };
        const holds: { quantity: number; open: boolean }[] = [];
        const modelOverage = () => overageMicros(Math.max(0, store.net - included), unit);

        for (const o of ops) {
          if ('quantity' in o) {
            const plan = planSpend({ exists: store.micros !== undefined || store.net > 0, net: store.net }, included, o.quantity, [], 0);
            const enforced = o.kind !== 'report';
            const item = overageSpendUpdate('org', 'p', overageMicros(plan.uncovered, unit), enforced ? limit : null);
            const before = modelOverage();
            const after = overageMicros(Math.max(0, store.net + o.quantity - included), unit);
            const modelRefuses = enforced && after > before && after > limitCents * 1_000_000;
            const refused = item !== undefined && !conditionHolds(item, store);
            expect(refused).toBe(modelRefuses);
            if (refused) continue;
            store.net += o.quantity;
            if (item) store.micros = (store.micros ?? 0) + Number(item.Update.ExpressionAttributeValues[':m']);
            if (o.kind === 'reserve') holds.push({ quantity: o.quantity, open: true });
          } else {
            const hold = holds.length ? holds[o.hold % holds.length] : undefined;
            if (!hold?.open) continue;
            hold.open = false;
            const kept = o.kind === 'release' ? 0 : Math.min(o.keep, hold.quantity);
            // No credits here: the whole hold is the included share (holdRefunds keeps it first).
            const { keptCredits } = holdRefunds(hold.quantity, [], kept);
            const delta = kept - keptCredits - hold.quantity;
            const item = overageSpendUpdate('org', 'p', overageChangeMicros(store.net, delta, included, unit));
            store.net += delta;
            if (item) store.micros = (store.micros ?? 0) + Number(item.Update.ExpressionAttributeValues[':m']);
          }
          expect(store.micros ?? 0).toBe(modelOverage());
          expect(microsToMoney(store.micros ?? 0).amount).toBe(Math.floor(((store.micros ?? 0) + 500_000) / 1_000_000));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prices a unit as the Stripe overage price does, and nothing on hard caps or without a price', () => {
    expect(unitPriceMicros({ capType: 'soft', overageUnitAmount: 10, overageUnitSize: 1 })).toBe(10_000_000);
    expect(unitPriceMicros({ capType: 'soft', overageUnitAmount: 0.1, overageUnitSize: 1 })).toBe(100_000);
    expect(unitPriceMicros({ capType: 'soft', overageUnitAmount: 1, overageUnitSize: 1000 })).toBe(1_000);
    expect(unitPriceMicros({ capType: 'soft', overageUnitAmount: 1, overageUnitSize: 3 })).toBe(333_334);
    expect(unitPriceMicros({ capType: 'hard', overageUnitAmount: 10, overageUnitSize: 1 })).toBe(0);
    expect(unitPriceMicros({ capType: 'soft', overageUnitAmount: null, overageUnitSize: 1 })).toBe(0);
  });
});

import fc from 'fast-check';
import { Core } from '../core';
import { Store, type Obj } from '../store';
import type { WebhookDispatcher } from '../webhooks';
import { applyDiscounts } from './discounts';

/** Property: a coupon takes exactly what a simple model says off the discountable lines, never below zero. */
function setup(coupon: Obj, lineAmounts: Array<{ amount: number; discountable: boolean }>) {
  const core = new Core(new Store(), { enqueue: () => undefined } as unknown as WebhookDispatcher);
  core.store.put('coupons', { id: 'c1', ...coupon });
  core.store.put('discounts', { id: 'di_1', source: { coupon: 'c1', type: 'coupon' }, end: null });
  const lines = lineAmounts.map((l) => ({ amount: l.amount, discountable: l.discountable, discount_amounts: [] as Obj[], discounts: [] as string[] }));
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const invoice: Obj = { lines: { data: lines }, subtotal, total: subtotal, total_excluding_tax: subtotal, amount_due: Math.max(0, subtotal), amount_remaining: Math.max(0, subtotal), discounts: [], total_discount_amounts: [] };
  applyDiscounts(core, invoice, { discounts: ['di_1'] });
  return { invoice, lines, subtotal };
}

const linesArb = fc.array(fc.record({ amount: fc.integer({ min: -50_000, max: 500_000 }), discountable: fc.boolean() }), { minLength: 1, maxLength: 8 });

describe('applyDiscounts', () => {
  it('percent_off takes round(pct% of the discountable positive lines), spread without any line going negative', () => {
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 1, max: 100 }), (amounts, pct) => {
        const { invoice, lines, subtotal } = setup({ percent_off: pct, amount_off: null }, amounts);
        const base = amounts.filter((l) => l.discountable && l.amount > 0).reduce((s, l) => s + l.amount, 0);
        const expected = base > 0 ? Math.min(base, Math.round((base * pct) / 100)) : 0;
        const taken = (invoice.total_discount_amounts as Obj[]).reduce((s, d) => s + d.amount, 0);
        expect(taken).toBe(expected);
        expect(invoice.total).toBe(subtotal - expected);
        expect(invoice.amount_due).toBe(Math.max(0, subtotal - expected));
        for (const line of lines) {
          const off = line.discount_amounts.reduce((s: number, d: Obj) => s + d.amount, 0);
          expect(off).toBeGreaterThanOrEqual(0);
          expect(off).toBeLessThanOrEqual(Math.max(0, line.amount));
          if (!line.discountable) expect(off).toBe(0);
        }
        expect(lines.reduce((s, l) => s + l.discount_amounts.reduce((t: number, d: Obj) => t + d.amount, 0), 0)).toBe(expected);
      }),
    );
  });

  it('amount_off takes min(amount_off, discountable positive total)', () => {
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 1, max: 1_000_000 }), (amounts, off) => {
        const { invoice, lines, subtotal } = setup({ percent_off: null, amount_off: off }, amounts);
        const base = amounts.filter((l) => l.discountable && l.amount > 0).reduce((s, l) => s + l.amount, 0);
        const expected = Math.min(off, base);
        expect((invoice.total_discount_amounts as Obj[]).reduce((s, d) => s + d.amount, 0)).toBe(expected);
        expect(invoice.total).toBe(subtotal - expected);
        expect(lines.reduce((s, l) => s + l.discount_amounts.reduce((t: number, d: Obj) => t + d.amount, 0), 0)).toBe(expected);
        for (const line of lines) expect(line.discount_amounts.every((d: Obj) => d.amount >= 0 && d.amount <= Math.max(0, line.amount))).toBe(true);
      }),
    );
  });
});

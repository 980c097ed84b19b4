import type { Core } from '../core';
import type { Obj } from '../store';

/** The subscription's discounts in force now, with their coupons. */
function inForce(core: Core, sub: Obj | null): Array<{ discount: Obj; coupon: Obj }> {
  if (!sub) return [];
  const now = core.now();
  return ((sub.discounts ?? []) as string[])
    .map((id) => core.store.get('discounts', id))
    .filter((d): d is Obj => !!d && (d.end === null || d.end > now))
    .map((discount) => ({ discount, coupon: core.store.get('coupons', discount.source.coupon)! }))
    .filter(({ coupon }) => !!coupon);
}

/**
 * Applies the subscription's discounts to an invoice being built: each coupon takes its share off the discountable
 * (non-proration) lines: `percent_off` of each, or `amount_off` spread over them in proportion, never below zero.
 * A `once` coupon only touches an invoice with something to discount (a trial's $0 invoice leaves it for the first paid one).
 */
export function applyDiscounts(core: Core, invoice: Obj, sub: Obj | null): void {
  const lines = invoice.lines.data as Obj[];
  const totals: Array<{ amount: number; discount: string }> = [];
  for (const { discount, coupon } of inForce(core, sub)) {
    const eligible = lines.filter((l) => l.discountable && l.amount > 0);
    const base = eligible.reduce((sum, l) => sum + (l.amount as number), 0);
    const already = eligible.reduce((sum, l) => sum + (l.discount_amounts as Obj[]).reduce((s, d) => s + d.amount, 0), 0);
    const room = base - already;
    if (room <= 0) continue;
    const wanted = coupon.percent_off !== null ? Math.round((base * coupon.percent_off) / 100) : Math.min(coupon.amount_off, room);
    const amount = Math.min(wanted, room);
    let left = amount;
    eligible.forEach((line, i) => {
      const taken = (line.discount_amounts as Obj[]).reduce((s, d) => s + d.amount, 0);
      const share = i === eligible.length - 1 ? left : Math.min(left, Math.round((amount * line.amount) / base));
      const part = Math.min(share, line.amount - taken);
      left -= part;
      line.discount_amounts.push({ amount: part, discount: discount.id });
      line.discounts.push(discount.id);
    });
    totals.push({ amount, discount: discount.id });
  }
  if (totals.length === 0) return;
  const off = totals.reduce((s, t) => s + t.amount, 0);
  invoice.discounts = totals.map((t) => t.discount);
  invoice.total_discount_amounts = totals;
  invoice.total = invoice.total_excluding_tax = (invoice.subtotal as number) - off;
  invoice.amount_due = invoice.amount_remaining = Math.max(0, invoice.total as number);
}

/** After a real (stored) invoice used them: a `once` discount has ended and leaves the subscription. */
export function consumeOnceDiscounts(core: Core, invoice: Obj, sub: Obj | null): void {
  if (!sub) return;
  for (const id of invoice.discounts as string[]) {
    const discount = core.store.get('discounts', id);
    const coupon = discount && core.store.get('coupons', discount.source.coupon);
    if (!discount || coupon?.duration !== 'once') continue;
    discount.end = core.now();
    discount.invoice = invoice.id;
    sub.discounts = (sub.discounts as string[]).filter((d) => d !== id);
  }
}

/**
 * How a quantity is paid for within one (org, metric, period) counter (CONTRACT §3 Credits): first the plan's included
 * amount, then active grants by soonest expiry, then (soft caps, reported usage) uncovered overage. Pure: the callers
 * read the counter and the active grants, plan, and write the plan in ONE transaction whose conditions make the plan
 * still true at write time (see `CounterCondition`), so concurrent writers never spend the same room or credit twice.
 *
 * The counter keeps `net = used + held - credited - heldCredited`: what the included amount has to cover. A hard cap
 * holds `net <= included` for consumes and holds; usage past `included` that no credit covered (reported usage, soft
 * caps) leaves `net > included`, and that excess is the billed overage (the meter sink bills `used - credited`).
 */
export interface CounterState {
  /** False when the counter item does not exist yet (first use of the metric in the period). */
  exists: boolean;
  net: number;
}

export interface SpendableGrant {
  id: string;
  remaining: number;
  /** Epoch ms; undefined = never expires. */
  expiresAtMs?: number;
  createdAt: string;
}

export interface GrantSpend {
  grantId: string;
  amount: number;
}

/**
 * The condition on the counter that keeps the plan true: `absent` (still no counter), `within` (`net <= bound`: room for
 * the whole quantity in the included amount), `past` (`net >= included`: no room at all, everything comes from credits
 * or overage), `exact` (`net = value`: the quantity straddles the included amount, so the split depends on the exact
 * value). `within` and `past` stay true under concurrent writers of the same kind, so a hot counter does not make them
 * retry; only the straddling write (once per period) needs the exact value.
 */
export type CounterCondition = { kind: 'absent' } | { kind: 'within'; bound: number } | { kind: 'past'; included: number } | { kind: 'exact'; net: number };

export interface SpendPlan {
  fromIncluded: number;
  /** Credits taken, soonest-expiring grant first. */
  spends: GrantSpend[];
  covered: number;
  /** Past included and not covered by credits: overage (soft caps, reported usage) or the reason for a refusal. */
  uncovered: number;
  condition: CounterCondition;
}

/** Active grants in spending order: soonest expiry first (never-expiring last), then oldest, then by id. */
export function spendingOrder<T extends SpendableGrant>(grants: T[]): T[] {
  return [...grants].sort(
    (a, b) => (a.expiresAtMs ?? Infinity) - (b.expiresAtMs ?? Infinity) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

export function isActive(grant: Pick<SpendableGrant, 'remaining' | 'expiresAtMs'>, nowMs: number): boolean {
  return grant.remaining > 0 && (grant.expiresAtMs === undefined || grant.expiresAtMs > nowMs);
}

/** The grants' spendable balance at `nowMs`. */
export function balanceOf(grants: Pick<SpendableGrant, 'remaining' | 'expiresAtMs'>[], nowMs: number): number {
  return grants.reduce((sum, g) => sum + (isActive(g, nowMs) ? g.remaining : 0), 0);
}

/**
 * Plans `quantity` more against `state` with `included` and the org's grants for the metric (any order; expired and
 * empty ones are skipped).
 */
export function planSpend(state: CounterState, included: number, quantity: number, grants: SpendableGrant[], nowMs: number): SpendPlan {
  const net = state.exists ? state.net : 0;
  const room = Math.max(0, included - net);
  const fromIncluded = Math.min(quantity, room);
  let need = quantity - fromIncluded;
  const spends: GrantSpend[] = [];
  for (const grant of spendingOrder(grants.filter((g) => isActive(g, nowMs)))) {
    if (need <= 0) break;
    const amount = Math.min(need, grant.remaining);
    spends.push({ grantId: grant.id, amount });
    need -= amount;
  }
  const covered = spends.reduce((s, x) => s + x.amount, 0);
  const condition: CounterCondition = !state.exists
    ? { kind: 'absent' }
    : fromIncluded === quantity
      ? { kind: 'within', bound: included - quantity }
      : fromIncluded === 0
        ? { kind: 'past', included }
        : { kind: 'exact', net };
  return { fromIncluded, spends, covered, uncovered: quantity - fromIncluded - covered, condition };
}

/**
 * Credits a hold gives back when it keeps only `kept` of its `quantity` (commit of less, or release): the kept part
 * uses the hold's included share first, then its credits; the rest of its credits go back, to the latest-expiring
 * grant first (so what was kept stays on the soonest-expiring ones).
 */
export function holdRefunds(quantity: number, spends: GrantSpend[], kept: number): { keptCredits: number; refunds: GrantSpend[] } {
  const pulled = spends.reduce((s, x) => s + x.amount, 0);
  const includedShare = quantity - pulled;
  const keptCredits = Math.min(pulled, Math.max(0, kept - includedShare));
  let refund = pulled - keptCredits;
  const refunds: GrantSpend[] = [];
  for (const spend of [...spends].reverse()) {
    if (refund <= 0) break;
    const amount = Math.min(refund, spend.amount);
    refunds.push({ grantId: spend.grantId, amount });
    refund -= amount;
  }
  return { keptCredits, refunds };
}

import type { MetricAllowance } from '../plans/catalog';

/** What `POST /v1/quota/check` answers (CONTRACT §3). */
export interface QuotaAnswer {
  allowed: boolean;
  used: number;
  limit: number;
  remaining: number;
  /** End of the billing period: when the allowance starts over. */
  resetAt: string;
  /** A consume whose id was already counted with the same content: nothing was counted this time. */
  duplicate?: true;
}

/**
 * Whether `quantity` more fits the allowance given `used` so far. Hard caps refuse what would go past the included
 * amount; soft caps always allow (the overage is billed) and report `used > limit` with `remaining: 0`.
 */
export function fits(used: number, quantity: number, allowance: Pick<MetricAllowance, 'included' | 'capType'>): boolean {
  return allowance.capType === 'soft' || used + quantity <= allowance.included;
}

export function quotaAnswer(allowed: boolean, used: number, allowance: Pick<MetricAllowance, 'included'>, resetAt: string): QuotaAnswer {
  return { allowed, used, limit: allowance.included, remaining: Math.max(0, allowance.included - used), resetAt };
}

/**
 * The hard-cap condition's bound: the counter may take `quantity` more only while `used <= included - quantity`.
 * Undefined when the quantity alone exceeds the cap (refused without touching the table).
 */
export function hardCapBound(quantity: number, included: number): number | undefined {
  return quantity <= included ? included - quantity : undefined;
}

import type { MetricAllowance } from '../plans/catalog';

/** What `POST /v1/quota/check` answers (CONTRACT §3). */
export interface QuotaAnswer {
  allowed: boolean;
  used: number;
  /** The plan's included amount. */
  limit: number;
  /** max(0, included - what the included amount already covers) + credits. */
  remaining: number;
  /** The org's spendable credit balance for the metric. */
  credits: number;
  /** End of the billing period: when the allowance starts over. */
  resetAt: string;
  /** A consume whose id was already counted with the same content: nothing was counted this time. */
  duplicate?: true;
  /** Why a soft cap refused: the period's billed overage would pass the org's spend limit (CONTRACT §3). */
  reason?: 'spend_limit';
}

/** The counter as quota answers read it: `used`, and `net` (what the included amount must cover: used + held - credited). */
export interface QuotaUsage {
  used: number;
  net: number;
}

/**
 * Whether `quantity` more fits: hard caps refuse what would go past the included amount plus the credit balance;
 * soft caps always allow (the overage past credits is billed).
 */
export function fits(usage: QuotaUsage, quantity: number, allowance: Pick<MetricAllowance, 'included' | 'capType'>, credits: number): boolean {
  return allowance.capType === 'soft' || usage.net + quantity <= allowance.included + credits;
}

export function quotaAnswer(allowed: boolean, usage: QuotaUsage, allowance: Pick<MetricAllowance, 'included'>, credits: number, resetAt: string): QuotaAnswer {
  return { allowed, used: usage.used, limit: allowance.included, remaining: Math.max(0, allowance.included - usage.net) + credits, credits, resetAt };
}

import { Tier } from './gen/argus/auth/v1/auth_pb';

/** Seed A's `Tier` of a catalog plan id; a plan the catalog adds later has no tier of its own (its id is in `plan_id`). */
const TIERS: Record<string, Tier> = {
  explorer: Tier.EXPLORER,
  professional: Tier.PROFESSIONAL,
  business: Tier.BUSINESS,
  enterprise: Tier.ENTERPRISE,
};

export function tierOf(planId: string): Tier {
  return TIERS[planId] ?? Tier.UNSPECIFIED;
}

import { getOrg } from '../db/orgs';
import { defaultPlan } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';

/**
 * Requests per minute of an org's effective plan, cached per container so the rate limiter's hot path stays one
 * write: a plan change reaches the limiter within CACHE_MS. Unknown orgs get the default plan's rate (the route
 * answers 404 for them anyway).
 */
const CACHE_MS = 60_000;
const cache = new Map<string, { rpm: number; until: number }>();

export async function orgRequestsPerMinute(orgId: string, nowMs: number): Promise<number> {
  const hit = cache.get(orgId);
  if (hit && hit.until > nowMs) return hit.rpm;
  const org = await getOrg(orgId);
  const rpm = (org ? currentPlan(org, new Date(nowMs)) : defaultPlan()).rateLimit.requestsPerMinute;
  if (cache.size > 10_000) cache.clear();
  cache.set(orgId, { rpm, until: nowMs + CACHE_MS });
  return rpm;
}

export function userRequestsPerMinute(): number {
  return defaultPlan().rateLimit.requestsPerMinute;
}

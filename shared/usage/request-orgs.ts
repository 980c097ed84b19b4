/**
 * How many different orgs one `POST /v1/usage` may name. Each named org costs an authorization read and one unit of
 * that org's rate budget, so the cap keeps a request's cost bounded (1,000 events naming 1,000 orgs would otherwise
 * cost 1,000 reads for one request). Services reporting for many orgs send one request per group of orgs.
 */
export const MAX_ORGS_PER_USAGE_REQUEST = 10;

/**
 * The distinct org ids a usage request's events name, in order of first mention: plausible ids only (strings of 1–128
 * characters; anything else fails the event's own validation). The rate limiter and ingestion read the same list.
 */
export function namedOrgIds(events: unknown): string[] {
  if (!Array.isArray(events)) return [];
  const ids = new Set<string>();
  for (const event of events) {
    const orgId = (event as { orgId?: unknown } | null)?.orgId;
    if (typeof orgId === 'string' && orgId.length > 0 && orgId.length <= 128) ids.add(orgId);
  }
  return [...ids];
}

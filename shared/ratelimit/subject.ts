import type { Identity } from '../auth/identity';
import type { ApiEvent } from '../http/types';

/** Whose per-minute budget a request spends. */
export type RateSubject = { kind: 'org'; orgId: string } | { kind: 'user'; userId: string };

/** Bodies larger than this are not inspected for an `orgId` (routes taking an org in the body have small bodies). */
const MAX_INSPECTED_BODY = 16 * 1024;

/**
 * The org an authenticated request is billed to for rate limiting: an org key's own org, else the path's `{orgId}`,
 * else the body's `orgId` (quota and entitlement checks with a member's token); a user request naming no org spends
 * the user's own budget. Anonymous requests and the platform service key (`orgId: null`) are not limited here.
 */
export function rateSubject(identity: Identity, event: ApiEvent): RateSubject | undefined {
  if (identity.kind === 'anonymous') return undefined;
  // An org key acts on its own org only, so it always spends that org's budget (never another org's it names).
  if (identity.kind === 'key') return identity.orgId ? { kind: 'org', orgId: identity.orgId } : undefined;
  const pathOrg = event.pathParameters?.orgId;
  if (pathOrg) return { kind: 'org', orgId: pathOrg };
  const bodyOrg = orgIdInBody(event);
  return bodyOrg ? { kind: 'org', orgId: bodyOrg } : { kind: 'user', userId: identity.userId };
}

function orgIdInBody(event: ApiEvent): string | undefined {
  if (!event.body || event.isBase64Encoded || event.body.length > MAX_INSPECTED_BODY) return undefined;
  try {
    const parsed: unknown = JSON.parse(event.body);
    const orgId = (parsed as { orgId?: unknown } | null)?.orgId;
    return typeof orgId === 'string' && orgId.length > 0 && orgId.length <= 128 ? orgId : undefined;
  } catch {
    return undefined;
  }
}

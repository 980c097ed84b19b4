import type { Identity } from '../auth/identity';
import { rawBody } from '../http/body';
import type { ApiEvent } from '../http/types';
import { MAX_ORGS_PER_USAGE_REQUEST, namedOrgIds } from '../usage/request-orgs';

/** Whose per-minute budget a request spends. */
export type RateSubject = { kind: 'org'; orgId: string } | { kind: 'user'; userId: string };

/**
 * The budgets an authenticated request spends, one unit each: an org key's own org; else the path's `{orgId}`; else
 * the orgs the body names (`orgId`, and `events[].orgId` of `POST /v1/usage`: one unit per distinct org); a user
 * request naming no org spends the user's own budget. The body is read exactly as the handler will read it (base64
 * decoded, any content type, up to the 256 KiB limit), so no padding or encoding moves a request onto another budget.
 * A body naming more orgs than a request may (the handler refuses it) spends the caller's own budget, so it cannot
 * cost one counter write per org. Anonymous requests and the platform service key (`orgId: null`) are not limited here.
 */
export function rateSubjects(identity: Identity, event: ApiEvent): RateSubject[] {
  if (identity.kind === 'anonymous') return [];
  // An org key acts on its own org only, so it always spends that org's budget (never another org's it names).
  if (identity.kind === 'key') return identity.orgId ? [{ kind: 'org', orgId: identity.orgId }] : [];
  const pathOrg = event.pathParameters?.orgId;
  if (pathOrg) return [{ kind: 'org', orgId: pathOrg }];
  const named = orgIdsInBody(event);
  if (named.length === 0 || named.length > MAX_ORGS_PER_USAGE_REQUEST) return [{ kind: 'user', userId: identity.userId }];
  return named.map((orgId) => ({ kind: 'org', orgId }));
}

function orgIdsInBody(event: ApiEvent): string[] {
  if (!event.body) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody(event));
  } catch {
    return []; // not JSON or over 256 KiB: the handler refuses it (400/413) on the caller's own budget
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const { orgId, events } = parsed as { orgId?: unknown; events?: unknown };
  const own = typeof orgId === 'string' && orgId.length > 0 && orgId.length <= 128 ? [orgId] : [];
  return [...new Set([...own, ...namedOrgIds(events)])];
}

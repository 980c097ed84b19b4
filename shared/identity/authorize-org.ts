import type { Identity } from '../auth/identity';
import { getMembership } from '../db/memberships';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import { type ApiKeyScope, type OrgRole, roleAtLeast } from './roles';

/** Who acts on an org and with which role. Keys carry no role: `role` is null and their scopes decided the route. */
export type OrgAccess =
  | { orgId: string; principal: 'user'; userId: string; role: OrgRole }
  | { orgId: string; principal: 'key'; keyId: string; role: null };

/**
 * The one org authorization check. Users must be members (else 404: an org they cannot see does not exist for them)
 * with at least `least` role (else 403). An org's API key acts on that org only (another org -> 403); the platform
 * service key (orgId null) on any. Keys never pass admin-level checks: owners and admins change billing, members and keys.
 * Used by shared/http/handler.ts for `{orgId}` routes and by handlers whose org comes in the body.
 */
export async function authorizeOrg(identity: Identity, orgId: string, least: OrgRole = 'member'): Promise<OrgAccess> {
  switch (identity.kind) {
    case 'anonymous':
      throw new UnauthorizedError();
    case 'key':
      if (identity.orgId !== null && identity.orgId !== orgId) throw new ForbiddenError('This API key belongs to another org');
      if (least !== 'member') throw new ForbiddenError('API keys cannot do this; a member with the right role must');
      return { orgId, principal: 'key', keyId: identity.keyId, role: null };
    case 'user': {
      const membership = await getMembership(orgId, identity.userId);
      if (!membership) throw new NotFoundError('Org not found');
      if (!roleAtLeast(membership.role, least)) throw new ForbiddenError(`This needs the ${least} role or higher`);
      return { orgId, principal: 'user', userId: identity.userId, role: membership.role };
    }
  }
}

/**
 * Actions on an org that need more than membership, whichever route or tool performs them (CONTRACT §3): recording
 * usage (`POST /v1/usage`, the usage tools), consuming quota (`consume: true`) and sending telemetry
 * (`POST /v1/analytics/events`). Users need the role, keys the scope;
 * a member's token is refused (403), a non-member is told the org does not exist (404).
 */
export const ORG_ACTIONS = {
  'usage.record': { role: 'admin', scope: 'usage:write', what: 'Recording usage' },
  'quota.consume': { role: 'admin', scope: 'quota:check', what: 'Consuming quota' },
  // Telemetry is what members' own tools send (CONTRACT §8): any member's token, or a key with usage:write.
  'analytics.record': { role: 'member', scope: 'usage:write', what: 'Sending telemetry' },
} as const satisfies Record<string, { role: OrgRole; scope: ApiKeyScope; what: string }>;

export type OrgAction = keyof typeof ORG_ACTIONS;

/** The one check for ORG_ACTIONS: the key's scope (and its org, via authorizeOrg), or the user's membership and role. */
export async function authorizeOrgAction(identity: Identity, orgId: string, action: OrgAction): Promise<OrgAccess> {
  const { role, scope, what } = ORG_ACTIONS[action];
  if (identity.kind === 'key' && !identity.scopes.includes(scope)) throw new ForbiddenError(`${what} needs an API key with the ${scope} scope`);
  if (identity.kind === 'key') return authorizeOrg(identity, orgId, 'member');
  try {
    return await authorizeOrg(identity, orgId, role);
  } catch (error) {
    if (error instanceof ForbiddenError) throw new ForbiddenError(`${what} needs an API key with the ${scope} scope, or the ${role} or owner role`);
    throw error;
  }
}

/** The checked org access of an `{orgId}` route (httpHandler sets it); missing means the route table lacks `{orgId}`. */
export function requireOrg(org: OrgAccess | undefined): OrgAccess {
  if (!org) throw new Error('route is not org-scoped: no org access was checked');
  return org;
}

/** A user's checked membership (owner/admin routes: keys were refused before the handler ran). */
export function requireMember(org: OrgAccess | undefined): Extract<OrgAccess, { principal: 'user' }> {
  const access = requireOrg(org);
  if (access.principal !== 'user') throw new ForbiddenError('This needs a signed-in member, not an API key');
  return access;
}

import type { OrgRole } from '../../infra/routes';
import type { Identity } from '../auth/identity';
import { getMembership } from '../db/memberships';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import { roleAtLeast } from './roles';

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

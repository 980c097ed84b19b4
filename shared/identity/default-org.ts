import type { Identity } from '../auth/identity';
import { getMembership, listUserMemberships } from '../db/memberships';
import { getUser } from '../db/users';
import { NotFoundError, UnauthorizedError, ValidationError } from '../errors';

/**
 * A user's default org, where a request that names a user but no org acts (the RPC API, CONTRACT §9; the MCP tool
 * `get_user_tier`): the org they signed up with (`defaultOrgId`) while they still belong to it, else the oldest org they
 * belong to (earliest membership, ties by org id). A user who belongs to no org (or does not exist) has none: 404.
 */
export async function defaultOrgOfUser(userId: string): Promise<string> {
  const user = await getUser(userId);
  if (!user) throw new NotFoundError('User not found');
  // Consistent read: a user who just left their sign-up org must not keep acting on it.
  if (user.defaultOrgId && (await getMembership(user.defaultOrgId, userId))) return user.defaultOrgId;
  const memberships = await listUserMemberships(userId);
  const oldest = memberships.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orgId.localeCompare(b.orgId))[0];
  if (!oldest) throw new NotFoundError('The user belongs to no org');
  return oldest.orgId;
}

/**
 * The org a caller means when it names none: an org key's own org; a user's default org (above). The platform service
 * key belongs to no org, so it must name one (400). Whoever acts on the answer still runs the org check: this only
 * picks the org.
 */
export async function defaultOrgOf(identity: Identity, field = 'org_id'): Promise<string> {
  switch (identity.kind) {
    case 'anonymous':
      throw new UnauthorizedError();
    case 'key':
      if (identity.orgId === null) throw new ValidationError([{ path: field, message: 'is required with a platform service key (it belongs to no org)' }]);
      return identity.orgId;
    case 'user':
      return defaultOrgOfUser(identity.userId);
  }
}

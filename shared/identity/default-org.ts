import type { Identity } from '../auth/identity';
import { getMembership, listUserMemberships } from '../db/memberships';
import { getUser } from '../db/users';
import { NotFoundError, UnauthorizedError, ValidationError } from '../errors';

/**
 * The org a caller means when it names none (seed A's user-only requests, the MCP tool `get_user_tier`): an org key's
 * own org; a user's default org as `GET /v1/me` names it (the sign-up org) while they are still a member of it, else
 * their oldest remaining membership. The platform service key belongs to no org, so it must name one (400). Whoever
 * acts on the answer still runs the org check: this only picks the org.
 */
export async function defaultOrgOf(identity: Identity, field = 'org_id'): Promise<string> {
  switch (identity.kind) {
    case 'anonymous':
      throw new UnauthorizedError();
    case 'key':
      if (identity.orgId === null) throw new ValidationError([{ path: field, message: 'is required with a platform service key (it belongs to no org)' }]);
      return identity.orgId;
    case 'user': {
      const user = await getUser(identity.userId);
      if (user && (await getMembership(user.defaultOrgId, identity.userId))) return user.defaultOrgId;
      const oldest = (await listUserMemberships(identity.userId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orgId.localeCompare(b.orgId))[0];
      if (!oldest) throw new NotFoundError('You are not a member of any org');
      return oldest.orgId;
    }
  }
}

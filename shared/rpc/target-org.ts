import type { Identity } from '../auth/identity';
import { NotFoundError, ValidationError } from '../errors';
import { defaultOrgOfUser } from '../identity/default-org';

/** The org and user fields every org-scoped RPC request carries (seed A's `user_id`, Argus's `org_id`). */
export interface OrgTarget {
  userId: string;
  orgId: string;
}

const MAX_ID = 128;

/**
 * The org an RPC acts on (CONTRACT §9): `org_id` when given, else the default org of `user_id`, else the caller's own
 * (a user's default org, an org key's org). A user's token may name only itself: another `user_id` is "not found",
 * as a REST caller finds nothing of other users. A key may name a user: the platform key any, an org key only a user
 * whose default org is its own (else "not found": it learns nothing about users elsewhere). Authorization on the org
 * is the method's twin's, after this.
 */
export async function targetOrg(identity: Identity, target: OrgTarget): Promise<string> {
  if (target.userId.length > MAX_ID) throw new ValidationError([{ path: 'user_id', message: `At most ${MAX_ID} characters` }]);
  if (target.orgId.length > MAX_ID) throw new ValidationError([{ path: 'org_id', message: `At most ${MAX_ID} characters` }]);
  if (identity.kind === 'user' && target.userId && target.userId !== identity.userId) throw new NotFoundError('User not found');
  if (target.orgId) return target.orgId;
  if (identity.kind === 'user') return defaultOrgOfUser(identity.userId);
  if (identity.kind !== 'key') throw new NotFoundError('User not found');
  if (!target.userId) {
    if (identity.orgId) return identity.orgId;
    throw new ValidationError([{ path: 'org_id', message: 'Name the org (org_id) or a user (user_id): the platform key has no org of its own' }]);
  }
  const orgId = await defaultOrgOfUser(target.userId);
  if (identity.orgId !== null && identity.orgId !== orgId) throw new NotFoundError('User not found');
  return orgId;
}

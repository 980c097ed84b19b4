import { getMembership, listUserMemberships } from '../db/memberships';
import { getUser } from '../db/users';
import { NotFoundError } from '../errors';

/**
 * A user's default org, where a request that names a user but no org acts (the RPC API, CONTRACT §9): the org they
 * signed up with (`defaultOrgId`) while they still belong to it, else the oldest org they belong to (earliest
 * membership, ties by org id). A user who belongs to no org (or does not exist) has none: 404, like an unknown org.
 */
export async function defaultOrgOf(userId: string): Promise<string> {
  const user = await getUser(userId);
  if (!user) throw new NotFoundError('User not found');
  // Consistent read: a user who just left their sign-up org must not keep acting on it.
  if (user.defaultOrgId && (await getMembership(user.defaultOrgId, userId))) return user.defaultOrgId;
  const memberships = await listUserMemberships(userId);
  const oldest = memberships.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orgId.localeCompare(b.orgId))[0];
  if (!oldest) throw new NotFoundError('The user belongs to no org');
  return oldest.orgId;
}

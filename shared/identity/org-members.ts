import { followSeats } from '../billing/sync-seats';
import { auditPut, type AuditActor } from '../audit/audit-log';
import { changeMembershipRole, getMembership, listOrgMembersPage, membershipKeys, removeMembership, type Membership } from '../db/memberships';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
import { type OrgRole, roleAtLeast } from './roles';

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: OrgRole;
  joinedAt: string;
}

const view = (m: Membership): MemberView => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: m.createdAt });

/** One page of the org's members (CONTRACT §1), in a stable order (user id). */
export async function listMembers(orgId: string, page: PageQuery): Promise<{ members: MemberView[]; nextCursor: string | null }> {
  const result = await listOrgMembersPage(orgId, page.limit, decodeCursor(page.cursor, membershipKeys.skPrefix()));
  return { members: result.members.map(view), nextCursor: encodeCursor(result.after) };
}

/** Who acts on a membership: a signed-in member of the org with their role. */
export interface Actor {
  userId: string;
  role: OrgRole;
}

const userActor = (actor: Actor): AuditActor => ({ type: 'user', id: actor.userId });

/**
 * Changes a member's role (the route needs admin). Only owners grant or take `owner`; the last owner keeps it (409,
 * race-safe in shared/db/memberships.ts). Setting the role a member already has changes nothing.
 */
export async function changeRole(orgId: string, actor: Actor, userId: string, role: OrgRole): Promise<MemberView> {
  const target = await getMembership(orgId, userId);
  if (!target) throw new NotFoundError('Member not found');
  if ((role === 'owner' || target.role === 'owner') && !roleAtLeast(actor.role, 'owner')) throw new ForbiddenError('Only owners grant or take the owner role');
  if (target.role === role) return view(target);
  const result = await changeMembershipRole(
    orgId,
    userId,
    target.role,
    role,
    auditPut({ orgId, action: 'member.role_changed', actor: userActor(actor), target: `member:${userId}`, details: { email: target.email, from: target.role, to: role } }),
  );
  if (result === 'last_owner') throw new ConflictError('The last owner keeps the owner role; make another member owner first');
  // The role changed under us (a concurrent change or removal): say so rather than overwrite it.
  if (result === 'not_member') throw new ConflictError('The membership changed meanwhile; read it again and retry');
  return view({ ...target, role });
}

/**
 * Removes a member, or lets a member leave (any role may remove themself). Removing someone else needs admin; only
 * owners remove owners; the last owner can neither be removed nor leave (409).
 */
export async function removeMember(orgId: string, actor: Actor, userId: string): Promise<void> {
  const leaving = actor.userId === userId;
  // Before reading the target: a member learns nothing about who else is in the org from this route.
  if (!leaving && !roleAtLeast(actor.role, 'admin')) throw new ForbiddenError('Only admins and owners remove other members');
  const target = await getMembership(orgId, userId);
  if (!target) throw new NotFoundError('Member not found');
  if (!leaving && target.role === 'owner' && !roleAtLeast(actor.role, 'owner')) throw new ForbiddenError('Only owners can remove owners');
  const result = await removeMembership(
    target,
    auditPut({ orgId, action: 'member.removed', actor: userActor(actor), target: `member:${userId}`, details: { email: target.email, role: target.role, left: leaving } }),
  );
  if (result === 'not_member') throw new NotFoundError('Member not found');
  if (result === 'last_owner') throw new ConflictError(leaving ? 'The last owner cannot leave; make another member owner first' : 'The last owner cannot be removed; add another owner first');
  await followSeats(orgId);
}

import type { OrgRole } from '../../infra/routes';
import { addMembership, getMembership, listOrgMembers, removeMembership, type Membership } from '../db/memberships';
import { getOrg } from '../db/orgs';
import { findUserByEmail } from '../db/users';
import { currentPlan } from '../plans/current-plan';
import { ConflictError, ForbiddenError, NotFoundError, UpgradeRequiredError } from '../errors';
import { roleAtLeast } from './roles';

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: OrgRole;
  createdAt: string;
}

const view = (m: Membership): MemberView => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, createdAt: m.createdAt });

export async function listMembers(orgId: string): Promise<MemberView[]> {
  return (await listOrgMembers(orgId)).map(view).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Adds an existing user (by email) to the org. Only owners may make owners. The seat is counted atomically against the
 * plan in force (over the limit -> 402); an existing member -> 409; no account with that email -> 404.
 */
export async function addMember(orgId: string, callerRole: OrgRole, email: string, role: OrgRole): Promise<MemberView> {
  if (role === 'owner' && !roleAtLeast(callerRole, 'owner')) throw new ForbiddenError('Only owners can add owners');
  const [org, user] = await Promise.all([getOrg(orgId), findUserByEmail(email)]);
  if (!org) throw new NotFoundError('Org not found');
  if (!user) throw new NotFoundError('No account uses this email; ask them to sign up first');
  const plan = currentPlan(org);
  const membership: Membership = { orgId, userId: user.id, role, email: user.email, name: user.name, createdAt: new Date().toISOString() };
  const result = await addMembership(membership, plan.seats);
  if (result === 'already_member') throw new ConflictError('This user is already a member');
  if (result === 'seat_limit') throw new UpgradeRequiredError(`The ${plan.name} plan includes ${plan.seats} seats; upgrade to add more members`);
  return view(membership);
}

/**
 * Removes a member. Owners and admins remove members and admins; only owners remove owners, and never the last one
 * (409). Members cannot remove anyone, themselves included (the route needs admin): an admin removes them.
 */
export async function removeMember(orgId: string, callerRole: OrgRole, userId: string): Promise<void> {
  const target = await getMembership(orgId, userId);
  if (!target) throw new NotFoundError('Member not found');
  if (target.role === 'owner' && !roleAtLeast(callerRole, 'owner')) throw new ForbiddenError('Only owners can remove owners');
  const result = await removeMembership(target);
  if (result === 'not_member') throw new NotFoundError('Member not found');
  if (result === 'last_owner') throw new ConflictError('The last owner cannot be removed; add another owner first');
}

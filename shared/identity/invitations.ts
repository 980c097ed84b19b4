import { auditPut } from '../audit/audit-log';
import {
  acceptInvitation as acceptInDb,
  deleteOpenInvitation,
  findInvitationFor,
  getInvitation,
  invitationKeys,
  listEmailInvitationsPage,
  listOrgInvitationsPage,
  openInvitationIdsFor,
  putInvitation,
  type Invitation,
} from '../db/invitations';
import { followSeats } from '../billing/sync-seats';
import type { Membership } from '../db/memberships';
import { getOrg, getOrgs } from '../db/orgs';
import { getUser } from '../db/users';
import { ConflictError, ForbiddenError, NotFoundError, UpgradeRequiredError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
import { sendMail } from '../mail/send-mail';
import { seatLimit } from '../plans/catalog';
import { currentPlan } from '../plans/current-plan';
import { newId } from './ids';
import { type OrgRole, roleAtLeast } from './roles';

export const INVITATION_TTL_DAYS = 7;

/** What the inviting org sees; the same whether or not an account uses the email (nothing about the invitee). */
export interface InvitationView {
  id: string;
  email: string;
  role: OrgRole;
  expiresAt: string;
}

/** What the invitee sees. */
export interface ReceivedInvitationView {
  id: string;
  orgId: string;
  orgName: string;
  role: OrgRole;
  expiresAt: string;
}

export interface JoinView {
  orgId: string;
  userId: string;
  role: OrgRole;
  joinedAt: string;
}

const view = (inv: Invitation): InvitationView => ({ id: inv.id, email: inv.email, role: inv.role, expiresAt: inv.expiresAt });
const joined = (inv: Invitation): JoinView => ({ orgId: inv.orgId, userId: String(inv.acceptedBy), role: inv.role, joinedAt: String(inv.joinedAt) });
const notFound = () => new NotFoundError('Invitation not found, or it has expired');

/**
 * Invites an email to the org with a role (only owners invite owners) and mails the invitation. Deliberately reads
 * nothing about the email's account: the answer, its timing and the mail are the same for a stranger and a user.
 * An org whose members fill every seat of its plan cannot invite (402); the seat itself is taken at acceptance.
 * Inviting the same email again replaces the open invitation (new id and expiry; the old one stops working).
 */
export async function invite(orgId: string, inviter: { userId: string; role: OrgRole }, email: string, role: OrgRole, now = new Date()): Promise<InvitationView> {
  if (role === 'owner' && !roleAtLeast(inviter.role, 'owner')) throw new ForbiddenError('Only owners can invite owners');
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  const plan = currentPlan(org, now);
  const limit = seatLimit(plan);
  if (limit !== null && (org.memberCount ?? 0) >= limit) {
    throw new UpgradeRequiredError(`Every seat of the ${plan.name} plan (${plan.seats}) is taken; upgrade or remove a member to invite`);
  }
  const invitation: Invitation = {
    id: newId('inv'),
    orgId,
    email: email.toLowerCase(),
    role,
    invitedBy: inviter.userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
    status: 'pending',
  };
  const earlier = await openInvitationIdsFor(orgId, invitation.email, now);
  await putInvitation(
    invitation,
    auditPut({ orgId, action: 'member.invited', actor: { type: 'user', id: inviter.userId }, target: `invitation:${invitation.id}`, details: { email: invitation.email, role }, at: now }),
  );
  try {
    await sendMail(invitationMail(invitation, org.name));
  } catch (error) {
    // An invitation nobody was told about only confuses the org's list: withdraw it and let the caller retry.
    await deleteOpenInvitation(orgId, invitation.id, now);
    throw error;
  }
  // Inviting an email again replaces its open invitation (a resend, perhaps with another role): one open per email.
  await Promise.all(earlier.map((id) => deleteOpenInvitation(orgId, id, now)));
  return view(invitation);
}

function invitationMail(inv: Invitation, orgName: string) {
  return {
    to: inv.email,
    subject: `You are invited to join ${orgName} on Argus`,
    text: [
      `You have been invited to join the org "${orgName}" on Argus as ${inv.role}.`,
      `Sign in (or sign up) with this email address, then accept the invitation in the console, or call`,
      `POST /v1/invitations/${inv.id}/accept (decline: POST /v1/invitations/${inv.id}/decline).`,
      `The invitation expires at ${inv.expiresAt}. If you did not expect it, ignore this mail.`,
    ].join('\n'),
  };
}

export async function listInvitations(orgId: string, page: PageQuery, now = new Date()): Promise<{ invitations: InvitationView[]; nextCursor: string | null }> {
  const result = await listOrgInvitationsPage(orgId, page.limit, decodeCursor(page.cursor, invitationKeys.skPrefix()), now);
  return { invitations: result.invitations.map(view), nextCursor: encodeCursor(result.after) };
}

/** Withdraws an open invitation of the org; unknown, accepted or expired -> 404. */
export async function withdrawInvitation(orgId: string, invitationId: string, now = new Date()): Promise<void> {
  if (!(await deleteOpenInvitation(orgId, invitationId, now))) throw notFound();
}

/** The open invitations addressed to the signed-in user's email (their profile's, confirmed at sign-up). */
export async function myInvitations(userId: string, page: PageQuery, now = new Date()): Promise<{ invitations: ReceivedInvitationView[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, invitationKeys.skPrefix());
  const user = await getUser(userId);
  if (!user) return { invitations: [], nextCursor: null };
  const result = await listEmailInvitationsPage(user.email, page.limit, after, now);
  const names = new Map((await getOrgs(result.invitations.map((i) => i.orgId))).map((o) => [o.id, o.name]));
  return {
    invitations: result.invitations.map((i) => ({ id: i.id, orgId: i.orgId, orgName: names.get(i.orgId) ?? '', role: i.role, expiresAt: i.expiresAt })),
    nextCursor: encodeCursor(result.after),
  };
}

/**
 * Joins the org of an invitation addressed to the user's email. Idempotent: accepting again (or two acceptances racing)
 * answers the same join. The seat is taken now: over the plan's seats -> 402; already a member -> 409.
 */
export async function acceptInvitation(userId: string, invitationId: string, now = new Date()): Promise<JoinView> {
  const user = await getUser(userId);
  const found = user && (await findInvitationFor(user.email, invitationId));
  if (!user || !found) throw notFound();
  if (found.status === 'accepted') return acceptedBy(found, userId);
  if (found.expiresAt <= now.toISOString()) throw notFound();
  const org = await getOrg(found.orgId);
  if (!org) throw notFound();
  const plan = currentPlan(org, now);
  const member: Membership = { orgId: found.orgId, userId, role: found.role, email: user.email, name: user.name, createdAt: now.toISOString() };
  const audit = auditPut({
    orgId: found.orgId,
    action: 'member.joined',
    actor: { type: 'user', id: userId },
    target: `member:${userId}`,
    details: { email: user.email, role: found.role, invitationId: found.id, invitedBy: found.invitedBy },
    at: now,
  });
  switch (await acceptInDb(found, member, seatLimit(plan), now, audit)) {
    case 'joined':
      await followSeats(found.orgId);
      return { orgId: found.orgId, userId, role: found.role, joinedAt: member.createdAt };
    case 'not_open': {
      // Raced with another accept of the same invitation (or it expired or was withdrawn meanwhile).
      const current = await getInvitation(found.orgId, invitationId);
      if (current?.status === 'accepted') return acceptedBy(current, userId);
      throw notFound();
    }
    case 'seat_limit':
      throw new UpgradeRequiredError(`Every seat of the ${plan.name} plan (${plan.seats}) is taken; ask the org to upgrade or free a seat`);
    case 'already_member':
      throw new ConflictError('You are already a member of this org');
  }
}

function acceptedBy(inv: Invitation, userId: string): JoinView {
  if (inv.acceptedBy !== userId) throw notFound();
  return joined(inv);
}

/** Declines (deletes) an open invitation addressed to the user's email. */
export async function declineInvitation(userId: string, invitationId: string, now = new Date()): Promise<void> {
  const user = await getUser(userId);
  const found = user && (await findInvitationFor(user.email, invitationId));
  if (!user || !found || !(await deleteOpenInvitation(found.orgId, invitationId, now, user.email))) throw notFound();
}

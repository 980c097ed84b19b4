import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { auditPut } from '../audit/audit-log';
import type { OrgRole } from '../identity/roles';
import { ddb, queryAll, tableName } from './client';
import { joinItems, type Membership } from './memberships';
import { orgKeys } from './orgs';
import { queryPage } from './query-page';
import { TABLE_KEYS } from './table';
import { cancellationCodes } from './transactions';

/**
 * An invitation to join an org, addressed to an email. Stored in the org's partition (the org's list) and indexed on
 * GSI1 by the lower-cased email (the invitee's list, and the only way an invitee reaches it: an invitation is found
 * through the signed-in user's own email or not at all). Accepting marks it `accepted` (kept until its TTL so a
 * repeated accept answers the same join); declining or withdrawing deletes it.
 */
export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: OrgRole;
  invitedBy: string;
  createdAt: string;
  /** ISO; stored as `validUntil` because `expiresAt` is the table's TTL attribute (epoch seconds). */
  expiresAt: string;
  status: 'pending' | 'accepted';
  acceptedBy?: string;
  joinedAt?: string;
}

export const invitationKeys = {
  pk: (orgId: string) => orgKeys.pk(orgId),
  sk: (id: string) => `INVITE#${id}`,
  skPrefix: () => 'INVITE#',
  byEmail: (email: string) => `INVITEE#${email.toLowerCase()}`,
};

/** Accepted invitations stay readable this long past their expiry (a late retry of accept still gets its answer). */
const TTL_GRACE_SECONDS = 24 * 3600;

export function invitationToItem(inv: Invitation): Record<string, unknown> {
  const { expiresAt, ...rest } = inv;
  return {
    PK: invitationKeys.pk(inv.orgId),
    SK: invitationKeys.sk(inv.id),
    GSI1PK: invitationKeys.byEmail(inv.email),
    GSI1SK: invitationKeys.sk(inv.id),
    type: 'invitation',
    ...rest,
    email: inv.email.toLowerCase(),
    validUntil: expiresAt,
    [TABLE_KEYS.ttlAttribute]: Math.floor(Date.parse(expiresAt) / 1000) + TTL_GRACE_SECONDS,
  };
}

export function invitationFromItem(item: Record<string, unknown>): Invitation {
  return {
    id: String(item.id),
    orgId: String(item.orgId),
    email: String(item.email),
    role: item.role as OrgRole,
    invitedBy: String(item.invitedBy),
    createdAt: String(item.createdAt),
    expiresAt: String(item.validUntil),
    status: item.status === 'accepted' ? 'accepted' : 'pending',
    ...(item.acceptedBy ? { acceptedBy: String(item.acceptedBy), joinedAt: String(item.joinedAt) } : {}),
  };
}

const isOpen = (now: Date) => (item: Record<string, unknown>) => item.status === 'pending' && String(item.validUntil) > now.toISOString();

/** Writes a new invitation with its `member.invited` audit entry (one transaction). */
export async function putInvitation(inv: Invitation, audit: ReturnType<typeof auditPut>): Promise<void> {
  await ddb.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: invitationToItem(inv), ConditionExpression: 'attribute_not_exists(PK)' } }, audit] }));
}

export async function getInvitation(orgId: string, id: string): Promise<Invitation | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: invitationKeys.pk(orgId), SK: invitationKeys.sk(id) }, ConsistentRead: true }));
  return Item ? invitationFromItem(Item) : undefined;
}

/** The invitation `id` if it is addressed to `email` (GSI1: eventually consistent; writes re-check in their conditions). */
export async function findInvitationFor(email: string, id: string): Promise<Invitation | undefined> {
  const { Items } = await ddb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
      ExpressionAttributeValues: { ':pk': invitationKeys.byEmail(email), ':sk': invitationKeys.sk(id) },
    }),
  );
  return Items?.[0] ? invitationFromItem(Items[0]) : undefined;
}

/** One page of the org's open (pending, unexpired) invitations, in id order. */
export async function listOrgInvitationsPage(orgId: string, limit: number, after: string | undefined, now: Date) {
  const page = await queryPage({ partition: invitationKeys.pk(orgId), prefix: invitationKeys.skPrefix(), after, limit, keep: isOpen(now), consistent: true });
  return { invitations: page.items.map(invitationFromItem), after: page.after };
}

/** One page of the open invitations addressed to an email, in id order. */
export async function listEmailInvitationsPage(email: string, limit: number, after: string | undefined, now: Date) {
  const page = await queryPage({ index: 'gsi1', partition: invitationKeys.byEmail(email), prefix: invitationKeys.skPrefix(), after, limit, keep: isOpen(now) });
  return { invitations: page.items.map(invitationFromItem), after: page.after };
}

/** The ids of the org's open invitations to `email` (GSI1; an email holds few invitations, so this reads them all). */
export async function openInvitationIdsFor(orgId: string, email: string, now: Date): Promise<string[]> {
  const items = await queryAll({
    IndexName: TABLE_KEYS.gsi1.name,
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
    FilterExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':pk': invitationKeys.byEmail(email), ':prefix': invitationKeys.skPrefix(), ':org': orgId },
  });
  return items.filter(isOpen(now)).map((item) => String(item.id));
}

/** Deletes an open invitation (withdrawn by the org, or declined by its invitee when `email` is given); false when none. */
export async function deleteOpenInvitation(orgId: string, id: string, now: Date, email?: string): Promise<boolean> {
  try {
    await ddb.send(
      new DeleteCommand({
        TableName: tableName,
        Key: { PK: invitationKeys.pk(orgId), SK: invitationKeys.sk(id) },
        ConditionExpression: `attribute_exists(PK) AND #status = :pending AND validUntil > :now${email ? ' AND email = :email' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':now': now.toISOString(), ...(email ? { ':email': email.toLowerCase() } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export type AcceptResult = 'joined' | 'not_open' | 'seat_limit' | 'already_member';

/**
 * Accepts in one transaction: the invitation goes from pending to accepted (only while unexpired and addressed to the
 * member's email), the seat is counted against `seatLimit` and the membership is created. Two acceptances racing for
 * the last seat, or the same one accepted twice at once, cannot both succeed.
 */
export async function acceptInvitation(inv: Invitation, member: Membership, seatLimit: number | null, now: Date, audit?: ReturnType<typeof auditPut>): Promise<AcceptResult> {
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: { PK: invitationKeys.pk(inv.orgId), SK: invitationKeys.sk(inv.id) },
              UpdateExpression: 'SET #status = :accepted, acceptedBy = :user, joinedAt = :at',
              ConditionExpression: 'attribute_exists(PK) AND #status = :pending AND validUntil > :at AND email = :email',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':accepted': 'accepted', ':pending': 'pending', ':user': member.userId, ':at': now.toISOString(), ':email': member.email.toLowerCase() },
            },
          },
          ...joinItems(member, seatLimit),
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return 'joined';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') return 'not_open';
    if (codes?.[1] === 'ConditionalCheckFailed') return 'seat_limit';
    if (codes?.[2] === 'ConditionalCheckFailed') return 'already_member';
    throw error;
  }
}

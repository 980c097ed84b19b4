import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { auditPut } from '../audit/audit-log';
import type { OrgRole } from '../identity/roles';
import { TABLE_KEYS } from './table';
import { ddb, queryAll, tableName } from './client';
import { orgKeys } from './orgs';
import { queryPage } from './query-page';
import { cancellationCodes } from './transactions';

/** A user's seat in an org. Stored in the org's partition (its members) and indexed on GSI1 by user (their orgs). */
export interface Membership {
  orgId: string;
  userId: string;
  role: OrgRole;
  email: string;
  name: string | null;
  createdAt: string;
}

export const membershipKeys = {
  pk: (orgId: string) => orgKeys.pk(orgId),
  sk: (userId: string) => `MEMBER#${userId}`,
  skPrefix: () => 'MEMBER#',
  byUser: (userId: string) => `USER#${userId}`,
  byUserSk: (orgId: string) => `ORG#${orgId}`,
};

export function membershipToItem(m: Membership): Record<string, unknown> {
  return {
    PK: membershipKeys.pk(m.orgId),
    SK: membershipKeys.sk(m.userId),
    GSI1PK: membershipKeys.byUser(m.userId),
    GSI1SK: membershipKeys.byUserSk(m.orgId),
    type: 'membership',
    ...m,
  };
}

export function membershipFromItem(item: Record<string, unknown>): Membership {
  return {
    orgId: String(item.orgId),
    userId: String(item.userId),
    role: item.role as OrgRole,
    email: String(item.email),
    name: (item.name as string | null) ?? null,
    createdAt: String(item.createdAt),
  };
}

/** Strongly consistent: this is the authorization read, and a just-removed member must be refused at once. */
export async function getMembership(orgId: string, userId: string): Promise<Membership | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName, Key: { PK: membershipKeys.pk(orgId), SK: membershipKeys.sk(userId) }, ConsistentRead: true }),
  );
  return Item ? membershipFromItem(Item) : undefined;
}

/** One page of the org's members, in user-id order (the sort key), read strongly consistent. */
export async function listOrgMembersPage(orgId: string, limit: number, after?: string): Promise<{ members: Membership[]; after: string | null }> {
  const page = await queryPage({ partition: membershipKeys.pk(orgId), prefix: membershipKeys.skPrefix(), after, limit, consistent: true });
  return { members: page.items.map(membershipFromItem), after: page.after };
}

/** The user's memberships through GSI1 (eventually consistent: a just-created org may take a moment to appear). */
export async function listUserMemberships(userId: string): Promise<Membership[]> {
  const items = await queryAll({
    IndexName: TABLE_KEYS.gsi1.name,
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)',
    ExpressionAttributeValues: { ':pk': membershipKeys.byUser(userId), ':sk': 'ORG#' },
  });
  return items.map(membershipFromItem);
}

/**
 * The transaction items that give `m` a seat: the org's `memberCount` only goes up while it is below `seatLimit`
 * (null = unlimited), so concurrent joins can never exceed the plan's seats; the membership must be new. Items are
 * [seat, membership]: a cancellation names which one refused.
 */
export function joinItems(m: Membership, seatLimit: number | null) {
  const owner = m.role === 'owner' ? ', ownerCount = if_not_exists(ownerCount, :zero) + :one' : '';
  return [
    {
      Update: {
        TableName: tableName,
        Key: { PK: orgKeys.pk(m.orgId), SK: orgKeys.sk() },
        UpdateExpression: `SET memberCount = if_not_exists(memberCount, :zero) + :one${owner}`,
        ConditionExpression: seatLimit === null ? 'attribute_exists(PK)' : 'attribute_exists(PK) AND (attribute_not_exists(memberCount) OR memberCount < :limit)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ...(seatLimit === null ? {} : { ':limit': seatLimit }) },
      },
    },
    { Put: { TableName: tableName, Item: membershipToItem(m), ConditionExpression: 'attribute_not_exists(PK)' } },
  ];
}

export type ChangeRoleResult = 'changed' | 'not_member' | 'last_owner';

/**
 * Changes a member's role from `from` to `to` (the caller read `from`; a concurrent change makes this `not_member`
 * rather than overwrite it). Taking `owner` away keeps `ownerCount > 1` in the same transaction: two owners demoting
 * each other at once cannot leave the org without one.
 */
export async function changeMembershipRole(orgId: string, userId: string, from: OrgRole, to: OrgRole, audit?: ReturnType<typeof auditPut>): Promise<ChangeRoleResult> {
  const ownerDelta = (to === 'owner' ? 1 : 0) - (from === 'owner' ? 1 : 0);
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    {
      Update: {
        TableName: tableName,
        Key: { PK: membershipKeys.pk(orgId), SK: membershipKeys.sk(userId) },
        UpdateExpression: 'SET #role = :to',
        ConditionExpression: 'attribute_exists(PK) AND #role = :from',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':to': to, ':from': from },
      },
    },
  ];
  if (ownerDelta !== 0) {
    items.push({
      Update: {
        TableName: tableName,
        Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
        UpdateExpression: 'SET ownerCount = ownerCount + :delta',
        ConditionExpression: ownerDelta < 0 ? 'attribute_exists(PK) AND ownerCount > :one' : 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':delta': ownerDelta, ...(ownerDelta < 0 ? { ':one': 1 } : {}) },
      },
    });
  }
  // The audit entry goes last, so the cancellation codes keep their positions.
  if (audit) items.push(audit);
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: items }));
    return 'changed';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') return 'not_member';
    if (codes?.[1] === 'ConditionalCheckFailed') return 'last_owner';
    throw error;
  }
}

export type RemoveMembershipResult = 'removed' | 'not_member' | 'last_owner';

/** Removes a member and frees the seat; an owner goes only while another owner remains (`ownerCount > 1`). */
export async function removeMembership(m: Pick<Membership, 'orgId' | 'userId' | 'role'>, audit?: ReturnType<typeof auditPut>): Promise<RemoveMembershipResult> {
  const isOwner = m.role === 'owner';
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName,
              Key: { PK: membershipKeys.pk(m.orgId), SK: membershipKeys.sk(m.userId) },
              ConditionExpression: 'attribute_exists(PK) AND #role = :role',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: { ':role': m.role },
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: { PK: orgKeys.pk(m.orgId), SK: orgKeys.sk() },
              UpdateExpression: isOwner ? 'SET memberCount = memberCount - :one, ownerCount = ownerCount - :one' : 'SET memberCount = memberCount - :one',
              ConditionExpression: isOwner ? 'attribute_exists(PK) AND ownerCount > :one' : 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return 'removed';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') return 'not_member';
    if (codes?.[1] === 'ConditionalCheckFailed') return 'last_owner';
    throw error;
  }
}

import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OrgRole } from '../../infra/routes';
import { TABLE_KEYS } from './table';
import { ddb, queryAll, tableName } from './client';
import { orgKeys } from './orgs';
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

export async function listOrgMembers(orgId: string): Promise<Membership[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': membershipKeys.pk(orgId), ':sk': membershipKeys.skPrefix() },
  });
  return items.map(membershipFromItem);
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

export type AddMembershipResult = 'added' | 'seat_limit' | 'already_member';

/**
 * Adds a member and counts the seat in one transaction: the org's `memberCount` only goes up while it is below
 * `seatLimit` (null = unlimited), so concurrent adds can never exceed the plan's seats.
 */
export async function addMembership(m: Membership, seatLimit: number | null): Promise<AddMembershipResult> {
  const owner = m.role === 'owner' ? ', ownerCount = if_not_exists(ownerCount, :zero) + :one' : '';
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
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
        ],
      }),
    );
    return 'added';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[1] === 'ConditionalCheckFailed') return 'already_member';
    if (codes?.[0] === 'ConditionalCheckFailed') return 'seat_limit';
    throw error;
  }
}

export type RemoveMembershipResult = 'removed' | 'not_member' | 'last_owner';

/** Removes a member and frees the seat; an owner goes only while another owner remains (`ownerCount > 1`). */
export async function removeMembership(m: Pick<Membership, 'orgId' | 'userId' | 'role'>): Promise<RemoveMembershipResult> {
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

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { auditPut } from '../audit/audit-log';
import { ddb, tableName } from './client';
import { membershipToItem, type Membership } from './memberships';
import { orgKeys, orgToItem, type Org } from './orgs';
import { cancellationCodes } from './transactions';
import { userKeys, userToItem, type User } from './users';

export type CreateOrgResult = 'created' | 'slug_taken' | 'user_exists' | 'org_limit';

/**
 * Writes a new org, the claim on its slug, its first owner's membership and (at sign-up) the owner's profile in one
 * transaction: all or nothing, so a failure never leaves an org without an owner or a taken slug without an org.
 * With `user`, the profile must not exist yet: a second provisioning of the same account reports `user_exists`.
 * The owner's profile counts the orgs they created (`orgsCreated`, the sign-up org being the first): without `user`,
 * it goes up only while below `maxOrgsCreated` (else `org_limit`), in the same transaction.
 */
export async function writeNewOrg(org: Org, owner: Membership, user: User | undefined, maxOrgsCreated: number, audit?: ReturnType<typeof auditPut>): Promise<CreateOrgResult> {
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' } });
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          put({ ...orgToItem({ ...org, memberCount: 1, ownerCount: 1 }) }),
          put({ PK: orgKeys.slugPk(org.slug), SK: orgKeys.slugSk(), type: 'org_slug', orgId: org.id }),
          put(membershipToItem(owner)),
          user
            ? put({ ...userToItem(user), orgsCreated: 1 })
            : {
                Update: {
                  TableName: tableName,
                  Key: { PK: userKeys.pk(owner.userId), SK: userKeys.sk() },
                  UpdateExpression: 'SET orgsCreated = if_not_exists(orgsCreated, :zero) + :one',
                  ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(orgsCreated) OR orgsCreated < :max)',
                  ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': maxOrgsCreated },
                },
              },
          // Last, so the cancellation codes above keep their positions.
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return 'created';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[3] === 'ConditionalCheckFailed') return user ? 'user_exists' : 'org_limit';
    if (codes?.[1] === 'ConditionalCheckFailed') return 'slug_taken';
    throw error;
  }
}

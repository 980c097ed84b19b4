import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client';
import { TABLE_KEYS } from './table';

/**
 * What a sign-up asked for that Cognito does not keep (the first org's name), held until the email is confirmed and
 * the account is made. Keyed by the Cognito `sub` only, with no email index, so an unconfirmed address is never found.
 */
const pendingKeys = { pk: (userId: string) => `SIGNUP#${userId}`, sk: () => 'PENDING' };

/** Cognito's confirmation codes last 24 hours; a week covers a resent code and then some. */
const PENDING_TTL_SECONDS = 7 * 86_400;

export async function putPendingSignUp(userId: string, orgName: string): Promise<void> {
  const expiresAt = Math.floor(Date.now() / 1000) + PENDING_TTL_SECONDS;
  await ddb.send(new PutCommand({ TableName: tableName, Item: { PK: pendingKeys.pk(userId), SK: pendingKeys.sk(), type: 'pending_signup', orgName, [TABLE_KEYS.ttlAttribute]: expiresAt } }));
}

/** The org name asked for at sign-up, if it was recorded and has not expired. */
export async function getPendingOrgName(userId: string): Promise<string | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: pendingKeys.pk(userId), SK: pendingKeys.sk() }, ConsistentRead: true }));
  if (!Item || Number(Item[TABLE_KEYS.ttlAttribute]) <= Date.now() / 1000) return undefined;
  return String(Item.orgName);
}

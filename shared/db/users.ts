import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from './table';
import { ddb, tableName } from './client';

/** A person who can sign in. `id` is the Cognito `sub`; the email is stored lower-cased. */
export interface User {
  id: string;
  email: string;
  name: string | null;
  defaultOrgId: string;
  createdAt: string;
}

export const userKeys = {
  pk: (userId: string) => `USER#${userId}`,
  sk: () => 'PROFILE',
  /** GSI1: email -> user (adding a member by email). */
  byEmail: (email: string) => `EMAIL#${email.toLowerCase()}`,
  byEmailSk: () => 'USER',
};

export function userToItem(user: User): Record<string, unknown> {
  return {
    PK: userKeys.pk(user.id),
    SK: userKeys.sk(),
    GSI1PK: userKeys.byEmail(user.email),
    GSI1SK: userKeys.byEmailSk(),
    type: 'user',
    ...user,
    email: user.email.toLowerCase(),
  };
}

export function userFromItem(item: Record<string, unknown>): User {
  return { id: String(item.id), email: String(item.email), name: (item.name as string | null) ?? null, defaultOrgId: String(item.defaultOrgId), createdAt: String(item.createdAt) };
}

export async function getUser(userId: string): Promise<User | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: userKeys.pk(userId), SK: userKeys.sk() }, ConsistentRead: true }));
  return Item ? userFromItem(Item) : undefined;
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const { Items } = await ddb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
      ExpressionAttributeValues: { ':pk': userKeys.byEmail(email), ':sk': userKeys.byEmailSk() },
    }),
  );
  return Items?.[0] ? userFromItem(Items[0]) : undefined;
}

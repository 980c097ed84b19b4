import { BatchGetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client';
import { TABLE_KEYS } from './table';

/**
 * What ends sign-in sessions before their tokens expire. A session is one sign-in: its refresh token and every access
 * token issued from it share the `origin_jti` claim and the `auth_time` of the sign-in.
 * - `REVOKED` (per session, logout): kept until the last access token of the session has expired (TTL).
 * - `SESSIONS` (per user, password reset): sessions signed in before `validAfter` (epoch seconds) are over.
 */
export const sessionKeys = {
  revokedPk: (originJti: string) => `SESSION#${originJti}`,
  revokedSk: () => 'REVOKED',
  cutoffPk: (userId: string) => `USER#${userId}`,
  cutoffSk: () => 'SESSIONS',
};

export interface SessionState {
  revoked: boolean;
  /** Sessions whose `auth_time` is earlier are over; 0 when none were ended. */
  validAfter: number;
}

/** Marks one session revoked until `untilEpoch` (after which none of its tokens is valid anyway). */
export async function putRevokedSession(originJti: string, userId: string, untilEpoch: number): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: tableName,
      Item: { PK: sessionKeys.revokedPk(originJti), SK: sessionKeys.revokedSk(), type: 'revoked_session', userId, [TABLE_KEYS.ttlAttribute]: untilEpoch },
    }),
  );
}

/** Ends every session of the user signed in before `epochSeconds` (never moves the cutoff back). */
export async function endSessionsBefore(userId: string, epochSeconds: number): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: sessionKeys.cutoffPk(userId), SK: sessionKeys.cutoffSk() },
        UpdateExpression: 'SET validAfter = :t, #type = :type',
        ConditionExpression: 'attribute_not_exists(validAfter) OR validAfter < :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': epochSeconds, ':type': 'session_cutoff' },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Both records in one consistent round trip: a logout or reset is refused from the very next request. */
export async function readSessionState(userId: string, originJti: string | undefined): Promise<SessionState> {
  const keys = [
    { PK: sessionKeys.cutoffPk(userId), SK: sessionKeys.cutoffSk() },
    ...(originJti ? [{ PK: sessionKeys.revokedPk(originJti), SK: sessionKeys.revokedSk() }] : []),
  ];
  const { Responses, UnprocessedKeys } = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
  // Two small items never exceed BatchGetItem's limits; throttling could leave keys unprocessed, so fail closed then.
  if (UnprocessedKeys?.[tableName]?.Keys?.length) throw new Error('session state read was throttled');
  const items = Responses?.[tableName] ?? [];
  const now = Math.floor(Date.now() / 1000);
  const cutoff = items.find((i) => i.SK === sessionKeys.cutoffSk());
  const revoked = items.some((i) => i.SK === sessionKeys.revokedSk() && Number(i[TABLE_KEYS.ttlAttribute]) > now);
  return { revoked, validAfter: Number(cutoff?.validAfter ?? 0) };
}

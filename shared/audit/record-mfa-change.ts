import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { listUserMemberships } from '../db/memberships';
import { userKeys } from '../db/users';
import { cancellationCodes } from '../db/transactions';
import { auditPut } from './audit-log';

/** A transaction holds at most 100 items: the state marker plus this many entries. */
const ENTRIES_PER_TRANSACTION = 99;

/**
 * Records a confirmed MFA change (Cognito made it; the table did not) in the audit log of every org the user belongs
 * to: the admins of each org see a member's second factor come and go. A per-user marker (`USER#<id>` / `MFA`) holds
 * the last recorded state and moves in the same transaction as the entries, only when the state really changes, so
 * a retried request (or a second verify of an enabled factor) writes nothing twice.
 * A user in more than 99 orgs gets the rest of the entries in follow-up transactions (not atomic with the marker).
 */
export async function recordMfaChange(userId: string, enabled: boolean, at = new Date()): Promise<boolean> {
  const orgIds = [...new Set((await listUserMemberships(userId)).map((m) => m.orgId))].sort();
  const entry = (orgId: string) =>
    auditPut({ orgId, action: enabled ? 'mfa.enabled' : 'mfa.disabled', actor: { type: 'user', id: userId }, target: `user:${userId}`, details: { method: 'totp' }, at });
  const marker = {
    Update: {
      TableName: tableName,
      Key: { PK: userKeys.pk(userId), SK: 'MFA' },
      UpdateExpression: 'SET #type = :type, totpEnabled = :on, changedAt = :at',
      // Only a change of the recorded state (absent: a factor switched on before the log existed, or never).
      ConditionExpression: 'attribute_not_exists(totpEnabled) OR totpEnabled = :was',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'mfa-state', ':on': enabled, ':was': !enabled, ':at': at.toISOString() },
    },
  };
  const [first, ...rest] = chunks(orgIds, ENTRIES_PER_TRANSACTION);
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: [marker, ...(first ?? []).map(entry)] }));
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
  for (const chunk of rest) await ddb.send(new TransactWriteCommand({ TransactItems: chunk.map(entry) }));
  return true;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

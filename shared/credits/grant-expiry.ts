import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '../audit/audit-log';
import { ddb, tableName } from '../db/client';
import { cancellationCodes } from '../db/transactions';
import { logger } from '../logger';

/**
 * `credits.expired` (CONTRACT §3 Audit log): a grant that reaches its expiry with credits left is put on record once,
 * when Argus first reads it past its expiry (any read of the org's grants: the credits view, or planning a consume,
 * reserve or reported usage), with the entry dated at the expiry itself. The entry and a mark on the grant are one
 * transaction, conditioned on the mark being absent, so concurrent readers write one entry. What expired is the
 * `remaining` the grant had then (credits a hold gives back after the expiry stop counting as well, unrecorded).
 * A failure is logged and retried by the next read: it never fails the read.
 */
export async function recordExpiredGrants(orgId: string, items: Record<string, unknown>[], nowMs: number): Promise<void> {
  const due = items.filter((i) => i.expiresAtMs !== undefined && Number(i.expiresAtMs) <= nowMs && Number(i.remaining) > 0 && i.expiryAudited === undefined);
  for (const item of due) {
    const expiresAt = new Date(Number(item.expiresAtMs));
    try {
      await ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: { PK: item.PK, SK: item.SK },
                UpdateExpression: 'SET expiryAudited = :expired',
                ConditionExpression: 'attribute_not_exists(expiryAudited) AND expiresAtMs <= :now',
                ExpressionAttributeValues: { ':expired': Number(item.remaining), ':now': nowMs },
              },
            },
            auditPut({
              orgId,
              action: 'credits.expired',
              actor: { type: 'system', id: 'credits-expiry' },
              target: `credit_grant:${String(item.id)}`,
              details: { grantId: String(item.id), metric: String(item.metric), quantity: Number(item.quantity), expired: Number(item.remaining), expiresAt: expiresAt.toISOString() },
              at: expiresAt,
            }),
          ],
        }),
      );
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') continue;
      logger.error('credits.expired not recorded; the next read retries', { orgId, grantId: String(item.id), error: error as Error });
    }
  }
}

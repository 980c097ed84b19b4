import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { cancellationCodes } from '../db/transactions';
import { auditKeys, auditPut, type AuditInput } from './audit-log';

/**
 * Writes an audit entry once per `key`, whatever the number of attempts: the entry and a marker named by the key are
 * one transaction, and the marker must be new. For changes whose deliveries repeat and arrive in any order (Stripe
 * webhooks, confirmations of a Stripe call): the key names the change (`subscription.created#<sub id>`,
 * `invoice.paid#<invoice id>`, ...), so a duplicate or a retried delivery finds the marker and writes nothing.
 * Markers stay (no TTL): an entry is permanent, so is the proof it was written. True when this call wrote the entry.
 */
export async function auditOnce(key: string, input: AuditInput): Promise<boolean> {
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { PK: auditKeys.pk(input.orgId), SK: `AUDITONCE#${key}`, type: 'audit-once' }, ConditionExpression: 'attribute_not_exists(PK)' } },
          auditPut(input),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

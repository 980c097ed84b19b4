import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { auditPut, type AuditActor } from '../audit/audit-log';
import { ddb, tableName } from '../db/client';
import { getOrg, orgKeys, type Org } from '../db/orgs';
import { cancellationCodes } from '../db/transactions';
import { NotFoundError } from '../errors';
import type { Money } from '../usage/pricing';
import { MAX_LIMIT_MINOR_UNITS } from './overage-budget';

/** The currency every org is billed in: the catalog prices in usd only (shared/billing/money.ts). */
export const BILLING_CURRENCY = 'usd';

/** `PUT /v1/orgs/{orgId}/spend-limit`'s body (CONTRACT §3): a whole number of minor units in the billing currency, or null. */
export const spendLimitBodySchema = z.strictObject({
  monthlyOverage: z
    .strictObject({
      amount: z.number().int().min(0).max(MAX_LIMIT_MINOR_UNITS),
      currency: z.literal(BILLING_CURRENCY, { error: `currency must be the org's billing currency (${BILLING_CURRENCY})` }),
    })
    .nullable(),
});
export type SpendLimitBody = z.infer<typeof spendLimitBodySchema>;

export interface SpendLimitAnswer {
  monthlyOverage: Money | null;
}

/** The org's monthly overage budget, if one is set. */
export function spendLimitOf(org: Pick<Org, 'spendLimit'>): Money | null {
  return org.spendLimit ? { amount: Number(org.spendLimit.amount), currency: 'usd' } : null;
}

export async function getSpendLimit(orgId: string): Promise<SpendLimitAnswer> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  return { monthlyOverage: spendLimitOf(org) };
}

/**
 * Sets (or, with null, removes) the org's limit with its `spend_limit.changed` audit entry in the same transaction.
 * Every PUT is a change on record, also one that sets the value already there. The new limit applies to the period
 * running now: what it already spent counts against it.
 */
export async function setSpendLimit(orgId: string, body: SpendLimitBody, actor: AuditActor, now = new Date()): Promise<SpendLimitAnswer> {
  const org = await getOrg(orgId);
  if (!org) throw new NotFoundError('Org not found');
  const before = spendLimitOf(org);
  const after = body.monthlyOverage ? { amount: body.monthlyOverage.amount, currency: BILLING_CURRENCY } : null;
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
              UpdateExpression: after ? 'SET spendLimit = :limit' : 'REMOVE spendLimit',
              ConditionExpression: 'attribute_exists(PK)',
              ...(after ? { ExpressionAttributeValues: { ':limit': after } } : {}),
            },
          },
          auditPut({ orgId, action: 'spend_limit.changed', actor, target: `org:${orgId}`, details: { before, after }, at: now }),
        ],
      }),
    );
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw new NotFoundError('Org not found');
    throw error;
  }
  return { monthlyOverage: after as Money | null };
}

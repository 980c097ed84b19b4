import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut, type AuditActor } from '../audit/audit-log';
import { ddb, tableName } from '../db/client';
import { queryPage } from '../db/query-page';
import { cancellationCodes } from '../db/transactions';
import type { Metric } from '../plans/catalog';

/**
 * Prepaid credit grants (CONTRACT §3 Credits): per (org, metric), with the quantity granted, what remains, an optional
 * expiry and where it came from. A grant is written once per id: a repeat with the same metric, quantity and expiry is
 * the same grant, anything else is a conflict. The grant and its audit entry are one transaction.
 *
 * (Foundation laid by the lead: the credits work owns this module, its keys and how usage spends `remaining`;
 * `grantCredits`' signature is what the credit-pack purchase path calls.)
 */
export interface CreditGrant {
  id: string;
  orgId: string;
  metric: Metric;
  quantity: number;
  remaining: number;
  expiresAt: string | null;
  source: 'purchase' | 'grant';
  reason?: string;
  createdAt: string;
}

export interface GrantInput {
  orgId: string;
  /** Idempotency key: a pack purchase uses its Checkout Session id, an operator grant the `id` it sent. */
  grantId: string;
  metric: Metric;
  quantity: number;
  expiresAt: string | null;
  source: CreditGrant['source'];
  reason?: string;
  actor: AuditActor;
  at?: Date;
}

export type GrantOutcome = { outcome: 'created' | 'existing'; grant: CreditGrant } | { outcome: 'conflict'; grant: CreditGrant };

export const grantKeys = {
  pk: (orgId: string) => `ORG#${orgId}`,
  prefix: 'CREDIT#',
  sk: (grantId: string) => `CREDIT#${grantId}`,
};

export function grantFromItem(item: Record<string, unknown>): CreditGrant {
  return {
    id: String(item.id),
    orgId: String(item.orgId),
    metric: item.metric as Metric,
    quantity: Number(item.quantity),
    remaining: Number(item.remaining),
    expiresAt: (item.grantExpiresAt as string | null | undefined) ?? null,
    source: item.source as CreditGrant['source'],
    ...(item.reason ? { reason: String(item.reason) } : {}),
    createdAt: String(item.createdAt),
  };
}

function sameGrant(existing: CreditGrant, input: GrantInput): boolean {
  return existing.metric === input.metric && existing.quantity === input.quantity && existing.expiresAt === input.expiresAt;
}

export async function getGrant(orgId: string, grantId: string): Promise<CreditGrant | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: grantKeys.pk(orgId), SK: grantKeys.sk(grantId) }, ConsistentRead: true }));
  return Item ? grantFromItem(Item) : undefined;
}

/** Grants once per (org, grant id), with its `credits.granted` or `credits.purchased` audit entry in the same transaction. */
export async function grantCredits(input: GrantInput): Promise<GrantOutcome> {
  const at = input.at ?? new Date();
  const grant: CreditGrant = {
    id: input.grantId,
    orgId: input.orgId,
    metric: input.metric,
    quantity: input.quantity,
    remaining: input.quantity,
    expiresAt: input.expiresAt,
    source: input.source,
    ...(input.reason ? { reason: input.reason } : {}),
    createdAt: at.toISOString(),
  };
  const { expiresAt, ...rest } = grant;
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          // `grantExpiresAt`, not `expiresAt`: the table's TTL attribute would delete the grant.
          { Put: { TableName: tableName, Item: { PK: grantKeys.pk(input.orgId), SK: grantKeys.sk(input.grantId), type: 'credit-grant', ...rest, grantExpiresAt: expiresAt }, ConditionExpression: 'attribute_not_exists(PK)' } },
          auditPut({
            orgId: input.orgId,
            action: input.source === 'purchase' ? 'credits.purchased' : 'credits.granted',
            actor: input.actor,
            target: `credit_grant:${input.grantId}`,
            details: { metric: input.metric, quantity: input.quantity, expiresAt: input.expiresAt, ...(input.reason ? { reason: input.reason } : {}) },
            at,
          }),
        ],
      }),
    );
    return { outcome: 'created', grant };
  } catch (error) {
    if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    const existing = await getGrant(input.orgId, input.grantId);
    if (!existing) throw error;
    return { outcome: sameGrant(existing, input) ? 'existing' : 'conflict', grant: existing };
  }
}

/** One page of an org's grants, in grant-id order. */
export async function listGrants(orgId: string, limit: number, after?: string): Promise<{ grants: CreditGrant[]; after: string | null }> {
  const page = await queryPage({ partition: grantKeys.pk(orgId), prefix: grantKeys.prefix, after, limit, consistent: true });
  return { grants: page.items.map(grantFromItem), after: page.after };
}

import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { auditPut, type AuditActor } from '../audit/audit-log';
import { ddb, tableName } from '../db/client';
import { queryPage } from '../db/query-page';
import { cancellationCodes } from '../db/transactions';
import type { Metric } from '../plans/catalog';
import { balanceOf, type SpendableGrant } from './spend-plan';
import { recordExpiredGrants } from './grant-expiry';

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

/** A grant as spending sees it (shared/credits/spend-plan.ts), with its metric. */
export interface StoredGrant extends SpendableGrant {
  metric: string;
}

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
  forgetGrants(input.orgId, input.metric);
  // One spelling of the expiry (toISOString), so a repeat compares equal and conditions compare epoch ms.
  input = { ...input, expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt).toISOString() };
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
          { Put: { TableName: tableName, Item: { PK: grantKeys.pk(input.orgId), SK: grantKeys.sk(input.grantId), type: 'credit-grant', ...rest, grantExpiresAt: expiresAt, ...(expiresAt ? { expiresAtMs: Date.parse(expiresAt) } : {}) }, ConditionExpression: 'attribute_not_exists(PK)' } },
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
    await announceGrant(grant);
    return { outcome: 'created', grant };
  } catch (error) {
    if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    const existing = await getGrant(input.orgId, input.grantId);
    if (!existing) throw error;
    if (!sameGrant(existing, input)) return { outcome: 'conflict', grant: existing };
    // A repeat finishes what a crashed first call left undone.
    await announceGrant(existing);
    return { outcome: 'existing', grant: existing };
  }
}

/** One page of an org's grants, in grant-id order. */
export async function listGrants(orgId: string, limit: number, after?: string): Promise<{ grants: CreditGrant[]; after: string | null }> {
  const page = await queryPage({ partition: grantKeys.pk(orgId), prefix: grantKeys.prefix, after, limit, consistent: true });
  return { grants: page.items.map(grantFromItem), after: page.after };
}

/** How long a claim to publish `credits.granted` stands before a repeat may take over (a publisher that crashed). */
const ANNOUNCE_LEASE_MS = 15_000;

/**
 * Publishes `credits.granted` once per grant (CONTRACT §5): a conditional claim on the grant item decides who
 * publishes, `announcedAt` records that it happened; a publisher that failed drops its claim, so a repeat of the grant
 * (the operator's retry, the checkout webhook's redelivery) publishes it then.
 */
async function announceGrant(grant: CreditGrant): Promise<void> {
  const key = { PK: grantKeys.pk(grant.orgId), SK: grantKeys.sk(grant.id) };
  const now = Date.now();
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET announceClaim = :now',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(announcedAt) AND (attribute_not_exists(announceClaim) OR announceClaim < :stale)',
        ExpressionAttributeValues: { ':now': now, ':stale': now - ANNOUNCE_LEASE_MS },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
  try {
    // Imported here: only grant writers publish, and the bus's configuration is read when the module loads.
    const { publishDomainEvent } = await import('../events/publish');
    await publishDomainEvent('credits.granted', { orgId: grant.orgId, grantId: grant.id, metric: grant.metric, quantity: grant.quantity, source: grant.source, expiresAt: grant.expiresAt });
  } catch (error) {
    await ddb.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'REMOVE announceClaim' }));
    throw error;
  }
  await ddb.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'SET announcedAt = :at REMOVE announceClaim', ExpressionAttributeValues: { ':at': new Date().toISOString() } }));
}

/**
 * The grants this container last read per (org, metric), with what it spent from them since. Only a planning input:
 * every spend is conditioned on the grant's stored `remaining` and expiry, so a stale entry costs a failed write and a
 * fresh read, never a wrong spend. Kept briefly (a grant another container added is seen within `CACHE_MS`), and
 * dropped here whenever this container grants.
 */
const cache = new Map<string, { at: number; grants: StoredGrant[] }>();
const CACHE_MS = 2_000;

/** The grants for planning: from this container's recent read when `maxAgeMs` allows, else read (and remembered). */
export async function grantsForSpending(orgId: string, metric: string, maxAgeMs = CACHE_MS): Promise<StoredGrant[]> {
  const key = `${orgId}|${metric}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at <= maxAgeMs) return hit.grants.map((g) => ({ ...g }));
  const grants = await grantsOf(orgId, metric);
  if (cache.size >= 10_000) cache.clear();
  cache.set(key, { at: Date.now(), grants });
  return grants.map((g) => ({ ...g }));
}

/** What this container just spent (or gave back): its remembered grants follow, so the next plan starts from them. */
export function noteSpent(orgId: string, metric: string, changes: { grantId: string; amount: number }[]): void {
  const hit = cache.get(`${orgId}|${metric}`);
  if (!hit) return;
  for (const change of changes) {
    const grant = hit.grants.find((g) => g.id === change.grantId);
    if (grant) grant.remaining -= change.amount;
  }
}

export function forgetGrants(orgId: string, metric: string): void {
  cache.delete(`${orgId}|${metric}`);
}

/** Every grant of the org for `metric` (strongly consistent), expired and empty ones included: the spending input. */
export async function grantsOf(orgId: string, metric: string): Promise<StoredGrant[]> {
  const out: StoredGrant[] = [];
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: 'metric = :metric AND remaining > :zero',
        ExpressionAttributeValues: { ':pk': grantKeys.pk(orgId), ':prefix': grantKeys.prefix, ':metric': metric, ':zero': 0 },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) out.push(storedGrant(item));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  await recordExpiredGrants(orgId, items, Date.now());
  return out;
}

/** The org's spendable balance per metric at `now` (metrics without an active grant are absent). */
export async function creditBalances(orgId: string, now: Date): Promise<Record<string, number>> {
  const balances: Record<string, number> = {};
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': grantKeys.pk(orgId), ':prefix': grantKeys.prefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const g = storedGrant(item);
      balances[g.metric] = (balances[g.metric] ?? 0) + balanceOf([g], now.getTime());
    }
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  await recordExpiredGrants(orgId, items, now.getTime());
  return balances;
}

function storedGrant(item: Record<string, unknown>): StoredGrant {
  return {
    id: String(item.id),
    metric: String(item.metric),
    remaining: Number(item.remaining),
    expiresAtMs: item.expiresAtMs !== undefined ? Number(item.expiresAtMs) : item.grantExpiresAt ? Date.parse(String(item.grantExpiresAt)) : undefined,
    createdAt: String(item.createdAt),
  };
}

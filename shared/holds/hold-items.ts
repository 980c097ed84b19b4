import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import type { GrantSpend } from '../credits/spend-plan';

/**
 * A hold (CONTRACT §3 Holds): quantity reserved against an org's (metric, period) counter (`held`, and `heldCredited`
 * for the credits it took), then committed (usage recorded under the hold's `id`) or released.
 *
 * Keys: PK `HOLD#<holdId>`, SK `HOLD`, where holdId is derived from (org, id), so a repeated reserve finds its hold with
 * a conditional put and commit/release need only the hold id. While open, GSI1 (`OPENHOLDS#<orgId>`, `<expiresAt>#<holdId>`)
 * lists it by expiry: what releases expired holds reads that (sparse: removed when the hold closes).
 */
export type HoldStatus = 'held' | 'committed' | 'released';

export interface Hold {
  holdId: string;
  orgId: string;
  /** The caller's id: the idempotency key of the reserve and the usage event id of the commit. */
  id: string;
  metric: string;
  quantity: number;
  periodStart: string;
  periodEnd: string;
  /** Whether the org's cap was hard when reserved, and provisional (explorer) placement of the commit's usage. */
  hard: boolean;
  provisional: boolean;
  /** The plan's included amount when reserved (the commit's overage past the hold is planned with it). */
  included: number;
  /** Micro-cents a unit of overage costs (soft caps with a price; 0 otherwise): what the hold moves on the period's overage spend. */
  unitMicros?: number;
  /** Credits the reserve took, per grant (given back, latest-expiring first, for what a commit does not use). */
  spends: GrantSpend[];
  expiresAt: string;
  status: HoldStatus;
  committed?: number;
  createdAt: string;
}

export { holdIdFor } from './hold-id';

export const holdKeys = {
  key: (holdId: string) => ({ PK: `HOLD#${holdId}`, SK: 'HOLD' }),
  openPk: (orgId: string) => `OPENHOLDS#${orgId}`,
  openSk: (expiresAt: string, holdId: string) => `${expiresAt}#${holdId}`,
};

export function holdItem(hold: Hold): Record<string, unknown> {
  const { expiresAt, ...rest } = hold;
  return {
    ...holdKeys.key(hold.holdId),
    type: 'hold',
    ...rest,
    // `holdExpiresAt`, not `expiresAt`: the table's TTL attribute would delete the hold.
    holdExpiresAt: expiresAt,
    expiresAtMs: Date.parse(hold.expiresAt),
    ...(hold.status === 'held' ? { GSI1PK: holdKeys.openPk(hold.orgId), GSI1SK: holdKeys.openSk(hold.expiresAt, hold.holdId) } : {}),
  };
}

export function holdFromItem(item: Record<string, unknown>): Hold {
  return {
    holdId: String(item.holdId),
    orgId: String(item.orgId),
    id: String(item.id),
    metric: String(item.metric),
    quantity: Number(item.quantity),
    periodStart: String(item.periodStart),
    periodEnd: String(item.periodEnd),
    hard: item.hard === true,
    provisional: item.provisional === true,
    included: Number(item.included),
    ...(item.unitMicros !== undefined ? { unitMicros: Number(item.unitMicros) } : {}),
    spends: ((item.spends as GrantSpend[] | undefined) ?? []).map((s) => ({ grantId: String(s.grantId), amount: Number(s.amount) })),
    expiresAt: String(item.holdExpiresAt),
    status: item.status as HoldStatus,
    ...(item.committed !== undefined ? { committed: Number(item.committed) } : {}),
    createdAt: String(item.createdAt),
  };
}

export async function getHold(holdId: string): Promise<Hold | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: holdKeys.key(holdId), ConsistentRead: true }));
  return Item ? holdFromItem(Item) : undefined;
}

import { tableName } from '../db/client';
import { orgKeys } from '../db/orgs';
import { PLACEMENT_TTL_SECONDS, usageKeys } from '../db/usage-keys';
import type { MetricAllowance } from '../plans/catalog';
import type { UsageEvent } from './validate-event';

/**
 * Where an event counted into an explorer period went: enough to take it out of that period's counter and bucket and
 * put it into another period's, should a subscription turn out to have started at or before its timestamp (the
 * webhook arrives after the usage; usage-rehome.ts).
 */
export interface Placement {
  eventId: string;
  metric: string;
  aggregation: MetricAllowance['aggregation'];
  quantity: number;
  timestamp: string;
  periodStart: string;
  bucket: string;
  llm?: UsageEvent['llm'];
}

/** The usage transaction refused a placement: the org's history changed since the org was read. Place again. */
export class HistoryChangedError extends Error {
  constructor(readonly orgId: string) {
    super(`org ${orgId}: billing period history changed while usage was being placed`);
  }
}

export function placementPut(orgId: string, p: Placement, now: Date) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...usageKeys.placement(orgId, p.timestamp, p.eventId), type: 'usage-placement', orgId, ...p, expiresAt: Math.floor(now.getTime() / 1000) + PLACEMENT_TTL_SECONDS },
    },
  };
}

/** Holds a transaction to the history version its periods were computed from (undefined: no history written yet). */
export function historyCheck(orgId: string, historyVersion: number | undefined) {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
      ConditionExpression: historyVersion === undefined ? 'attribute_not_exists(historyVersion)' : 'historyVersion = :historyVersion',
      ...(historyVersion === undefined ? {} : { ExpressionAttributeValues: { ':historyVersion': historyVersion } }),
    },
  };
}

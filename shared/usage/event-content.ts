import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';

/**
 * What a usage event id is bound to (CONTRACT §3 Usage): the same id with the same metric and quantity is a retry,
 * counted once; with another metric or quantity it is a different event reusing the id, refused as `conflict` rather
 * than silently answered as a retry. The timestamp is not part of it: a retry without one is stamped anew on receipt.
 */
export interface EventContent {
  metric: string;
  quantity: number;
}

/** How an event relates to the id's dedupe record: none (or expired), a retry of it, or a conflicting reuse. */
export type PriorUse = 'absent' | 'same' | 'conflict';

/**
 * Compares an event with its id's dedupe record. Records written before content was bound (no metric or quantity)
 * stay duplicates: they cannot tell, and refusing an honest retry would be worse than the old behaviour.
 */
export function priorUse(record: Record<string, unknown> | undefined, content: EventContent, now: Date): PriorUse {
  if (!record || Number(record.expiresAt) < Math.floor(now.getTime() / 1000)) return 'absent';
  if (record.metric === undefined || record.quantity === undefined) return 'same';
  return record.metric === content.metric && Number(record.quantity) === content.quantity ? 'same' : 'conflict';
}

export const conflictMessage = (id: string) => `id "${id}" was already used for an event with a different metric or quantity`;

/** BatchGetItem's key limit. */
const BATCH_KEYS = 100;

/**
 * The dedupe records of one org's event ids (strongly consistent, so a record just written is seen), by id. Keys
 * BatchGetItem leaves unprocessed are asked for again.
 */
export async function readDedupeRecords(orgId: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const records = new Map<string, Record<string, unknown>>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += BATCH_KEYS) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_KEYS).map((id) => usageKeys.dedupe(orgId, id));
    for (let attempt = 0; keys?.length; attempt++) {
      if (attempt > 8) throw new Error('dedupe records stayed unprocessed');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 20 * 2 ** attempt)));
      const page: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of page.Responses?.[tableName] ?? []) records.set(eventIdOf(orgId, String(item.PK)), item);
      keys = page.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return records;
}

/** The event id in a dedupe record's key (`USAGEEVT#<org>#<id>`; ids may contain `#`, org ids are the prefix). */
function eventIdOf(orgId: string, pk: string): string {
  return pk.slice(usageKeys.dedupe(orgId, '').PK.length);
}

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client';
import { TABLE_KEYS } from './table';

export interface PageQueryInput {
  /** Query GSI1 instead of the table. */
  index?: 'gsi1';
  partition: string;
  /** Every item of the list has a sort key starting with this. */
  prefix: string;
  /** Resume after this sort key (exclusive); from a decoded cursor. */
  after?: string;
  limit: number;
  /** Items the list skips (revoked, expired, ...); they are read but neither served nor counted. */
  keep?: (item: Record<string, unknown>) => boolean;
  consistent?: boolean;
}

/** Above every character an id or email uses, so `prefix + HIGH` closes the prefix's key range. */
const HIGH = '\uffff';

/**
 * One page of a list stored under one partition and sort-key prefix, in sort-key order. Reads at most `limit + 1`
 * kept items (the extra one tells whether a next page exists, so the last page answers `after: null`) plus the skipped
 * ones in between: never the whole list.
 */
export async function queryPage(input: PageQueryInput): Promise<{ items: Record<string, unknown>[]; after: string | null }> {
  const pk = input.index ? TABLE_KEYS.gsi1.partitionKey : TABLE_KEYS.partitionKey;
  const sk = input.index ? TABLE_KEYS.gsi1.sortKey : TABLE_KEYS.sortKey;
  // BETWEEN is inclusive: the cursor's own item (if it still exists) comes back first and is dropped below.
  const from = input.after ?? input.prefix;
  const kept: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: input.index ? TABLE_KEYS.gsi1.name : undefined,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': input.partition, ':from': from, ':to': input.prefix + HIGH },
        Limit: input.limit + 2 - kept.length,
        ExclusiveStartKey: start,
        ConsistentRead: input.index ? undefined : input.consistent,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item[sk] === input.after) continue;
      if (input.keep && !input.keep(item)) continue;
      kept.push(item);
    }
    start = page.LastEvaluatedKey;
  } while (start && kept.length <= input.limit);
  if (kept.length <= input.limit) return { items: kept, after: null };
  const items = kept.slice(0, input.limit);
  return { items, after: String(items[items.length - 1][sk]) };
}

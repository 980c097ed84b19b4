import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import type { RateWindow } from './window';

/**
 * One counter item per (subject, window). The window is part of the partition key so a busy tenant's minutes land on
 * different partitions; TTL removes the items a while after their window closed.
 */
export const rateCounterKeys = {
  item: (subject: string, windowStart: number) => ({ PK: `RATE#${subject}#${windowStart}`, SK: 'RATE' }),
};

const KEEP_AFTER_WINDOW_SECONDS = 300;

/** Counts one request in the window and returns the window's count including it: one UpdateItem, no read first. */
export async function countRequest(subject: string, window: RateWindow): Promise<number> {
  const { Attributes } = await ddb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: rateCounterKeys.item(subject, window.start),
      UpdateExpression: 'ADD #n :one SET expiresAt = if_not_exists(expiresAt, :exp)',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':exp': window.end + KEEP_AFTER_WINDOW_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.count ?? 1);
}

/** The window's count so far without counting anything (limits that count only some outcomes, e.g. failures). */
export async function peekCount(subject: string, window: RateWindow): Promise<number> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: rateCounterKeys.item(subject, window.start), ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'count' } }));
  return Number(Item?.count ?? 0);
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { ACTIVE_MARKER_TTL_SECONDS, analyticsKeys } from '../db/analytics-keys';
import { logger } from '../logger';

/** Users this container has marked active today (UTC): the request path writes at most once per user per day. */
const markedToday = new Set<string>();
let markedDay = '';

/** The active-user actor of a signed-in user (the same one telemetry sent with the user's token counts as). */
export const userActor = (userId: string) => `user:${userId}`;

/**
 * Marks a user active today for the operator metrics' dau/mau (active-users.ts): on a successful sign-in and on each
 * authenticated API request of a user's token. One conditional put per user per day, skipped once this container has
 * seen the user today; a marker already there (telemetry's, another container's) is left as it is. Never fails the
 * request: a write error is logged and the next request tries again. Returns whether it wrote.
 */
export async function markUserActive(userId: string, now = new Date()): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  if (day !== markedDay) {
    markedToday.clear();
    markedDay = day;
  }
  if (markedToday.has(userId)) return false;
  // Before the write: this container's concurrent requests of one user write once.
  markedToday.add(userId);
  const actor = userActor(userId);
  const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + ACTIVE_MARKER_TTL_SECONDS;
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...analyticsKeys.active(day, actor), type: 'analytics-active', day, actor, expiresAt },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    markedToday.delete(userId);
    logger.warn('could not mark a user active', { error: error as Error });
    return false;
  }
}

/** Forgets what this container marked (tests). */
export function resetActiveMarks(): void {
  markedToday.clear();
  markedDay = '';
}

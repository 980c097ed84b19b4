import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client';

const DAY_SECONDS = 86_400;
/** Stripe retries a webhook for up to 3 days; keep the markers well past that. */
const MARKER_TTL_SECONDS = 35 * DAY_SECONDS;

export const stripeEventKeys = {
  pk: (eventId: string) => `STRIPEEVT#${eventId}`,
  sk: () => 'STRIPEEVT',
};
export const publicationKeys = {
  pk: (key: string) => `PUBLISHED#${key}`,
  sk: () => 'PUBLISHED',
};

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';
const expiry = () => Math.floor(Date.now() / 1000) + MARKER_TTL_SECONDS;
const live = (item: Record<string, unknown> | undefined) => item !== undefined && (typeof item.expiresAt !== 'number' || item.expiresAt > Date.now() / 1000);

/** True when the Stripe event was fully processed before (a duplicate delivery): skip it. */
export async function stripeEventProcessed(eventId: string): Promise<boolean> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: stripeEventKeys.pk(eventId), SK: stripeEventKeys.sk() } }));
  return live(Item);
}

/** Records the event as processed (conditional: the first writer wins; a later duplicate changes nothing). */
export async function markStripeEventProcessed(eventId: string, type: string): Promise<void> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: stripeEventKeys.pk(eventId), SK: stripeEventKeys.sk(), type: 'stripeEvent', eventType: type, processedAt: new Date().toISOString(), expiresAt: expiry() },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Claims the right to publish the domain event named by `key`. Only the first claim wins; a claim left `pending` by a
 * crash between claim and publish may be taken again, so an event is published once (at least once in that crash window).
 */
export async function claimPublication(key: string): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: publicationKeys.pk(key), SK: publicationKeys.sk(), type: 'publication', state: 'pending', expiresAt: expiry() },
        ConditionExpression: 'attribute_not_exists(PK) OR #state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function confirmPublication(key: string): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { PK: publicationKeys.pk(key), SK: publicationKeys.sk() },
      UpdateExpression: 'SET #state = :sent',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'sent' },
    }),
  );
}

/** Gives a claim back when publishing failed, so the retry publishes. */
export async function releasePublication(key: string): Promise<void> {
  await ddb.send(new DeleteCommand({ TableName: tableName, Key: { PK: publicationKeys.pk(key), SK: publicationKeys.sk() } }));
}

/** How long a `pending` claim of claimPublicationLeased stands before another caller may take it over (a crashed publisher). */
const CLAIM_LEASE_MS = 30_000;

/**
 * claimPublication for publishers that race each other (many requests noticing the same thing at once): a `pending`
 * claim is taken over only once its lease has run out, so concurrent callers publish once, and a crash between claim
 * and publish still gets published by a later caller.
 */
export async function claimPublicationLeased(key: string, now = new Date()): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: publicationKeys.pk(key), SK: publicationKeys.sk(), type: 'publication', state: 'pending', claimedAtMs: now.getTime(), expiresAt: expiry() },
        ConditionExpression: 'attribute_not_exists(PK) OR (#state = :pending AND claimedAtMs < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending', ':stale': now.getTime() - CLAIM_LEASE_MS },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

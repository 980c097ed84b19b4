import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { StripeSubscription } from '../../events/stripe';
import { ddb, tableName } from '../db/client';
import { orgKeys } from '../db/orgs';
import { logger } from '../logger';
import type { StripeEventPorts } from './stripe-event-ports';

/**
 * An org has at most one live paid subscription (CONTRACT §3 Plans and billing). Creating a checkout expires the
 * org's other open sessions, but two sessions can still both be paid (opened in two tabs before either expired,
 * or completed in the same second). The first subscription to exist is the one the org keeps; any later live one is
 * a duplicate: canceled at once with proration (Stripe credits the unused time, `invoice_now` settles it on a final
 * invoice) and recorded, while the org's mirror stays on the kept one, so the cancellation never drops the org to
 * explorer.
 */
type Live = Pick<StripeSubscription, 'id' | 'created'>;

/** Of two live subscriptions, the one the org keeps: the older (ties by id, so every order of events agrees). */
export function keeperOf<T extends Live>(a: T, b: T): T {
  if (a.created !== b.created) return a.created < b.created ? a : b;
  return a.id < b.id ? a : b;
}

/** The record of a canceled duplicate, beside the org (one per duplicate subscription, written once). */
export const duplicateSubscriptionKey = (orgId: string, subscriptionId: string) => ({ PK: orgKeys.pk(orgId), SK: `DUPLICATESUB#${subscriptionId}` });

/**
 * Cancels `duplicate` (prorated, invoiced now) and records why. Safe to repeat: Stripe refuses to cancel twice (the
 * port treats an already canceled subscription as done) and the record is written only once.
 */
export async function cancelDuplicate(orgId: string, keeper: Live, duplicate: Live, ports: StripeEventPorts, now = new Date()): Promise<void> {
  logger.warn('a second live subscription: canceling the newer one with proration', { orgId, kept: keeper.id, canceled: duplicate.id });
  await ports.cancelDuplicateSubscription(duplicate.id);
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...duplicateSubscriptionKey(orgId, duplicate.id),
          type: 'duplicate-subscription',
          orgId,
          subscriptionId: duplicate.id,
          keptSubscriptionId: keeper.id,
          reason: 'a second live subscription; the org keeps its first',
          refund: 'prorated',
          canceledAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException')) throw error;
  }
}

import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client';
import { orgKeys } from './orgs';
import { cancellationCodes } from './transactions';

/** The Stripe customer ↔ org mapping, both ways: `org.stripeCustomerId` and a `STRIPECUS#<id>` item naming the org. */
export const stripeCustomerKeys = {
  pk: (customerId: string) => `STRIPECUS#${customerId}`,
  sk: () => 'STRIPECUS',
};

/**
 * Links a Stripe customer to an org in one transaction. False when the org already has another customer (a concurrent
 * checkout won the race): the caller re-reads the org and uses that one.
 */
export async function linkStripeCustomer(orgId: string, customerId: string): Promise<boolean> {
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
              UpdateExpression: 'SET stripeCustomerId = :c',
              ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(stripeCustomerId) OR stripeCustomerId = :c)',
              ExpressionAttributeValues: { ':c': customerId },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { PK: stripeCustomerKeys.pk(customerId), SK: stripeCustomerKeys.sk(), type: 'stripeCustomer', orgId, customerId },
              ConditionExpression: 'attribute_not_exists(PK) OR orgId = :o',
              ExpressionAttributeValues: { ':o': orgId },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) return false;
    throw error;
  }
}

export async function orgIdForStripeCustomer(customerId: string): Promise<string | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: stripeCustomerKeys.pk(customerId), SK: stripeCustomerKeys.sk() } }));
  return typeof Item?.orgId === 'string' ? Item.orgId : undefined;
}

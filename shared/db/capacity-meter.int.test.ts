import { localStack } from '../../infra/local/testing/local-stack';

/** The shared client's capacity meter against DynamoDB Local: real consumed units, reads and writes told apart. */
describe('capacity meter', () => {
  const info = localStack();
  Object.assign(process.env, {
    TABLE_NAME: info.dynamodb.tableName,
    AWS_REGION: info.region,
    AWS_ACCESS_KEY_ID: info.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamodb.endpoint,
  });
  // Loaded after the environment is set, as a Lambda container would be.
  const { ddb, tableName } = require('./client') as typeof import('./client');
  const { capacityMeter, resetCapacityMeter } = require('./capacity-meter') as typeof import('./capacity-meter');
  const { GetCommand, PutCommand, TransactWriteCommand } = require('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb');

  it('counts write units for puts and transactions and read units for gets', async () => {
    resetCapacityMeter();
    await ddb.send(new PutCommand({ TableName: tableName, Item: { PK: 'TEST#cap', SK: 'A', v: 1 } }));
    expect(capacityMeter).toMatchObject({ requests: 1, readUnits: 0 });
    expect(capacityMeter.writeUnits).toBeGreaterThanOrEqual(1);
    const afterPut = capacityMeter.writeUnits;

    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { PK: 'TEST#cap', SK: 'B' } } },
          { Update: { TableName: tableName, Key: { PK: 'TEST#cap', SK: 'A' }, UpdateExpression: 'ADD v :one', ExpressionAttributeValues: { ':one': 1 } } },
        ],
      }),
    );
    // DynamoDB Local reports one unit per item; the meter keeps them apart so cost models can apply AWS's 2x rule.
    expect(capacityMeter.writeUnits - afterPut).toBeGreaterThanOrEqual(2);
    expect(capacityMeter.transactionalWriteUnits).toBe(capacityMeter.writeUnits - afterPut);

    await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: 'TEST#cap', SK: 'A' }, ConsistentRead: true }));
    expect(capacityMeter.readUnits).toBeGreaterThanOrEqual(1);
    expect(capacityMeter.requests).toBe(3);
  });
});

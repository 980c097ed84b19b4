import '../../infra/local/testing/local-env';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { capacityMeter, resetCapacityMeter } from './capacity-meter';
import { ddb, tableName } from './client';

/** The shared client's capacity meter against DynamoDB Local: real consumed units, reads and writes told apart. */
describe('capacity meter', () => {
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

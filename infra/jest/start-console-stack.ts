import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePortBlock, spawnLocalStack } from '../local/testing/spawn-stack';

/**
 * The console project's own local stack (fresh, temporary state dir, free ports), which confirms sign-ups by mailed
 * code as deployed stages do, so the sign-up journey is the real one. `npm start` builds web/ first when stale, so the
 * browser tests always load a fresh console. Its own variables, so it never shadows the integration project's stack.
 */
export default async function startConsoleStack(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-console-test-'));
  const stack = await spawnLocalStack({ dir, port: await freePortBlock(), fresh: true, env: { ARGUS_AUTO_CONFIRM_SIGNUP: 'false' } });
  process.env.ARGUS_CONSOLE_STATE_DIR = dir;
  process.env.ARGUS_CONSOLE_STACK_PID = String(stack.pid);
}

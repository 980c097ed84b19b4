import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePortBlock, spawnLocalStack } from '../local/testing/spawn-stack';

/** Integration tests run against a real local stack, started fresh in a temporary state dir on free ports. */
export default async function startLocalStack(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-test-'));
  const stack = await spawnLocalStack({ dir, port: await freePortBlock(), fresh: true });
  process.env.ARGUS_STATE_DIR = dir;
  process.env.ARGUS_TEST_STACK_PID = String(stack.pid);
}

import { rmSync } from 'node:fs';
import { stopProcessGroup } from '../local/testing/spawn-stack';

export default async function stopLocalStack(): Promise<void> {
  const pid = Number(process.env.ARGUS_TEST_STACK_PID);
  if (pid) await stopProcessGroup(pid);
  if (process.env.ARGUS_STATE_DIR?.includes('argus-test-')) rmSync(process.env.ARGUS_STATE_DIR, { recursive: true, force: true });
}

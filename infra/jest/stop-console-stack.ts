import { rmSync } from 'node:fs';
import { stopProcessGroup } from '../local/testing/spawn-stack';

export default async function stopConsoleStack(): Promise<void> {
  const pid = Number(process.env.ARGUS_CONSOLE_STACK_PID);
  if (pid) await stopProcessGroup(pid);
  if (process.env.ARGUS_CONSOLE_STATE_DIR?.includes('argus-console-test-')) rmSync(process.env.ARGUS_CONSOLE_STATE_DIR, { recursive: true, force: true });
}

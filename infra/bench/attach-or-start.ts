import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLocalJson, stateDir, type LocalStackInfo } from '../local/state';
import { freePortBlock, spawnLocalStack } from '../local/testing/spawn-stack';

export interface BenchStack {
  info: LocalStackInfo;
  /** The stack's output so far (empty when attached to a running one). */
  output(): string;
  stop(): Promise<void>;
}

/** Attaches to the stack in ARGUS_STATE_DIR (or .argus) when it answers, else starts a fresh one in a temp dir. */
export async function attachOrStart(): Promise<BenchStack> {
  const dir = stateDir();
  if (existsSync(path.join(dir, 'local.json'))) {
    const info = readLocalJson(dir);
    const alive = await fetch(`${info.apiUrl}/health`).then((r) => r.ok, () => false);
    if (alive) return { info, output: () => '', stop: async () => undefined };
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'argus-bench-'));
  const spawned = await spawnLocalStack({ dir: tmp, port: await freePortBlock(), fresh: true });
  return {
    info: readLocalJson(tmp),
    output: spawned.output,
    stop: async () => {
      await spawned.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

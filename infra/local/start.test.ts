import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './state';

/** `npm start` on a machine without Java: one line saying how to install it, a non-zero exit, nothing started. */
describe('local stack start without Java', () => {
  it('fails fast with a one-line install hint', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'argus-nojava-'));
    try {
      // A PATH holding only node: `java` cannot be found.
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
      const run = spawnSync(path.join(bin, 'node'), [tsx, 'infra/local/start.ts'], {
        cwd: REPO_ROOT,
        env: { PATH: bin, ARGUS_STATE_DIR: path.join(bin, 'state'), PORT: '3999', HOME: process.env.HOME ?? bin },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n').filter((l) => !l.includes('Warning') && l.trim());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/Java 17\+.*apt-get install -y openjdk-17-jdk-headless/);
      expect(run.stdout).not.toContain('Argus local stack ready');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

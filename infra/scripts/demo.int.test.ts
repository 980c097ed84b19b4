import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../local/state';

/** `npm run demo` walks the whole journey against the running local stack and exits 0 only if every step held. */
describe('npm run demo', () => {
  it('completes every step of the main journey', async () => {
    const { stdout } = await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['infra/scripts/demo.ts'], {
      cwd: REPO_ROOT,
      env: process.env,
      timeout: 120_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`demo failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    expect(stdout).toMatch(/Demo complete: \d+ steps/);
    expect(stdout).not.toContain('✗');
  }, 150_000);
});

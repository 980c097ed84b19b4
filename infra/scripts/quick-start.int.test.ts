import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../local/state';

/**
 * The README's quick start, run as written: the bash blocks between the quick-start markers, in order, in one shell,
 * against the test run's local stack (ARGUS_STATE_DIR points the blocks at it). The `# value` comments at the ends of
 * lines are the outputs the README promises; each is checked against what the line printed.
 */
function quickStartScript(): { script: string; promised: string[] } {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- quick-start:begin'), readme.indexOf('<!-- quick-start:end'));
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  const promised: string[] = [];
  const lines = blocks.join('\n').split('\n').map((line) => {
    // `command   # value` (a bare word after the hash, with an optional ": explanation"): the printed value.
    const promise = /\s#\s+([\w,.]+)(?::.*)?$/.exec(line);
    if (!promise || line.trimStart().startsWith('#')) return line;
    promised.push(promise[1].replace(/,/g, ''));
    return line;
  });
  return { script: `set -euo pipefail\n${lines.join('\n')}`, promised };
}

describe('README quick start', () => {
  it('runs as written: sign-up, key, metered usage, the hard cap, checkout to Professional', async () => {
    const { script, promised } = quickStartScript();
    expect(promised).toEqual(['1', '995', 'true', 'false', 'professional', 'true']);
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: REPO_ROOT, env: process.env, timeout: 90_000 });
    // Each promised value is printed on its own line by the command it annotates, in order.
    const printed = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    let from = 0;
    for (const value of promised) {
      const at = printed.indexOf(value, from);
      expect({ value, found: at >= 0 }).toEqual({ value, found: true });
      from = at + 1;
    }
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The TypeScript generated from proto/ is committed (shared/rpc/gen), so builds and `npm ci` need no code generation
 * step. This proves it is what `npm run proto:generate` makes of the protos now, and that `buf lint` passes.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BUF = path.join(ROOT, 'node_modules', '.bin', 'buf');

function files(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of files(full, base)) out.set(k, v);
    else out.set(path.relative(base, full), readFileSync(full, 'utf8'));
  }
  return out;
}

describe('proto/ and its generated code', () => {
  it('lints clean with buf', () => {
    expect(() => execFileSync(BUF, ['lint'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('shared/rpc/gen is what buf generate makes of proto/ now (run `npm run proto:generate` and commit if not)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'argus-proto-'));
    try {
      // The committed buf.gen.yaml with only the output directory changed.
      const template = readFileSync(path.join(ROOT, 'buf.gen.yaml'), 'utf8').replace('out: shared/rpc/gen', `out: ${out}`);
      writeFileSync(path.join(out, 'buf.gen.yaml'), template);
      execFileSync(BUF, ['generate', '--template', path.join(out, 'buf.gen.yaml')], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` } });
      const generated = files(out);
      generated.delete('buf.gen.yaml');
      expect(generated.size).toBeGreaterThan(0);
      expect(generated).toEqual(files(path.join(ROOT, 'shared', 'rpc', 'gen')));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

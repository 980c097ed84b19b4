import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sourcesDigest } from './console-build';

/** `npm start` rebuilds the console only when a source changed: the digest over web/'s file stats decides. */
describe('console sources digest', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-web-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text = 'x') => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  write('index.html');
  write('src/main.tsx');

  it('changes when a source is touched, added or removed, and only then', () => {
    const first = sourcesDigest(dir);
    expect(sourcesDigest(dir)).toBe(first);
    utimesSync(path.join(dir, 'src/main.tsx'), new Date(), new Date(Date.now() + 5_000));
    const touched = sourcesDigest(dir);
    expect(touched).not.toBe(first);
    write('src/pages/plans.tsx');
    const added = sourcesDigest(dir);
    expect(added).not.toBe(touched);
    rmSync(path.join(dir, 'src/pages/plans.tsx'));
    expect(sourcesDigest(dir)).toBe(touched);
  });

  it('ignores the build output, dependencies, temporary builds and tests', () => {
    const before = sourcesDigest(dir);
    for (const rel of ['dist/index.html', 'node_modules/x/index.js', '.dist-123/index.html', 'e2e/sign-up.e2e.test.ts', 'src/money.test.ts', '.build.lock']) write(rel);
    expect(sourcesDigest(dir)).toBe(before);
  });
});

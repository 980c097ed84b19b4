import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './state';

/** The console's sources (Vite root) and its build, served at `{apiUrl}/console/` and deployed to S3. */
export const WEB_DIR = path.join(REPO_ROOT, 'web');
export const CONSOLE_DIST = path.join(WEB_DIR, 'dist');
/** The path the console is served under, locally and in its Vite config (`base`). */
export const CONSOLE_BASE = '/console/';
/** Written into dist after a build: a digest of the sources it was built from. */
const STAMP = '.build-stamp';
const LOCK = path.join(WEB_DIR, '.build.lock');
/** Not sources of the built app: output, dependencies, temporary builds, the browser tests. */
const IGNORED = /^(dist|node_modules|\.dist-.*|\.build\.lock)$|\.(e2e\.)?test\.tsx?$/;

/** True when web/ holds an app to build (the console's index.html). */
export function hasConsoleSources(): boolean {
  return existsSync(path.join(WEB_DIR, 'index.html'));
}

/**
 * A digest of every source file's path, size and mtime under web/ (no content read): a few hundred `stat`s, a few
 * milliseconds, so a warm `npm start` pays nothing noticeable. An added, removed, touched or resized file changes it.
 */
export function sourcesDigest(dir = WEB_DIR): string {
  const hash = createHash('sha256');
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (IGNORED.test(entry.name)) continue;
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        const s = statSync(path.join(dir, child));
        hash.update(`${child}\t${s.size}\t${s.mtimeMs}\n`);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/** True when web/dist was built from the sources as they are now. */
export function consoleIsFresh(): boolean {
  try {
    return readFileSync(path.join(CONSOLE_DIST, STAMP), 'utf8') === sourcesDigest() && existsSync(path.join(CONSOLE_DIST, 'index.html'));
  } catch {
    return false;
  }
}

/**
 * Builds web/ with Vite's JS API into a temporary folder, then swaps it in for web/dist, so a server reading dist
 * never sees it half-written. One build at a time across processes (a lock file); a waiter re-checks freshness.
 */
export async function buildConsole(): Promise<void> {
  const release = await lock();
  try {
    if (consoleIsFresh()) return;
    const digest = sourcesDigest();
    const outDir = path.join(WEB_DIR, `.dist-${process.pid}`);
    const { build } = await import('vite');
    await build({ root: WEB_DIR, base: CONSOLE_BASE, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    writeFileSync(path.join(outDir, STAMP), digest);
    const old = path.join(WEB_DIR, `.dist-old-${process.pid}`);
    if (existsSync(CONSOLE_DIST)) renameSync(CONSOLE_DIST, old);
    renameSync(outDir, CONSOLE_DIST);
    rmSync(old, { recursive: true, force: true });
  } finally {
    release();
  }
}

/** `npm start`'s step: build the console when web/dist is missing or stale; says whether it built. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!hasConsoleSources() || consoleIsFresh()) return false;
  const started = Date.now();
  log('Building the console (web/ changed since web/dist was built)…');
  await buildConsole();
  log(`Console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/**
 * The same, for synchronous callers (the CDK app, CDK tests under Jest, whose module system cannot load ESM-only Vite):
 * the freshness check in process, a build in a child process (this file run by tsx) only when stale.
 */
export function ensureConsoleBuiltSync(): void {
  if (!hasConsoleSources() || consoleIsFresh()) return;
  const run = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [__filename], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) throw new Error(`console build failed:\n${run.stdout}${run.stderr}`);
}

async function lock(): Promise<() => void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      writeFileSync(LOCK, String(process.pid));
      return () => rmSync(LOCK, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive() || Date.now() > deadline) rmSync(LOCK, { force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A lock left by a process that died is taken over. */
function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8'));
    if (!pid) return true; // just created, pid not written yet
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (require.main === module) {
  ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

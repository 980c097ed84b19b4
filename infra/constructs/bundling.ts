import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { catalogDir, loadCatalogSet, readCatalogDir } from '../../shared/plans/catalog-load';

/**
 * How every function is bundled: `bundle()` (async) and `bundleSync()` (for CDK's local bundling, which is
 * synchronous). The CDK functions (argus-function.ts) and the cold-start benchmark (infra/bench/cold-start.ts) both
 * call these, so the benchmark measures what deploys.
 */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  // ESM with code splitting: every `await import()` (the org check, the rate limiter, the API-key lookup, the SDK's
  // unused credential providers) becomes a chunk Node reads only when that code first runs, so init parses only the
  // static graph. In CJS, esbuild inlines dynamic imports, and every bundle carried (and parsed) all of them.
  format: 'esm',
  splitting: true,
  // Prefer ESM entry points so esbuild can tree-shake the AWS SDK.
  mainFields: ['module', 'main'],
} as const;

/**
 * NODE_OPTIONS of every function: stack traces point into the TypeScript sources (the bundles ship .map files). It
 * costs init time (each loaded module's map is read and parsed), so the cold-start bench runs with it too.
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/** The file `bundle()` writes in its output folder (chunks go to `chunks/`), and the Lambda handler naming its export. */
export const BUNDLE_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';

export interface BundleResult {
  /** The file Lambda loads. */
  file: string;
  /** Bytes Node reads and parses at init: the entry and the chunks it imports statically. */
  initBytes: number;
  /** Bytes of every JavaScript file of the bundle (lazy chunks included; source maps not). */
  totalBytes: number;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Dependency files whose bundled contents are replaced. zod's `z` namespace re-exports every locale
 * (`export * as locales`, in both `zod/v4/classic/external.js` and `zod/v4/core/index.js`), and a namespace object
 * cannot be tree-shaken, so ~40 locales (260 KiB minified) would be parsed at every cold start. Only English is used:
 * it stays (`z.locales.en`, and zod's default, which `classic/schemas.js` imports from `locales/en.js` directly).
 */
const SUBSTITUTES: { filter: RegExp; contents: string }[] = [
  { filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/, contents: 'export { default as en } from "./en.js";\n' },
];

const substitutes: Plugin = {
  name: 'argus-substitutes',
  setup(b) {
    for (const { filter, contents } of SUBSTITUTES) b.onLoad({ filter }, () => ({ contents, loader: 'js' }));
  },
};

/**
 * The catalog files (catalog/, or ARGUS_CATALOG_DIR at synth) inlined into every bundle: a Lambda reads no file, and
 * the catalog it runs is the one validated here (an invalid catalog fails the synth with each problem's line).
 */
function catalogDefine(): Record<string, string> {
  const files = readCatalogDir(catalogDir());
  loadCatalogSet(files);
  return { __ARGUS_CATALOG_FILES__: JSON.stringify(JSON.stringify(files)) };
}

function options(entry: string, outdir: string): BuildOptions {
  return {
    define: catalogDefine(),
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    // Stack traces need only the mappings; embedding every source made the maps ~4x the code, and Node reads and
    // parses a module's map at load under --enable-source-maps.
    sourcesContent: false,
    target: BUNDLING.target,
    format: BUNDLING.format,
    splitting: BUNDLING.splitting,
    // A CommonJS dependency's `require('node:…')` needs a real `require` in an ES module.
    banner: { js: "import { createRequire as __argusCreateRequire } from 'node:module'; const require = __argusCreateRequire(import.meta.url);" },
    mainFields: [...BUNDLING.mainFields],
    // Everything is bundled, the AWS SDK included: the runtime's built-in SDK is not the version package-lock.json pins.
    external: [],
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    absWorkingDir: REPO_ROOT,
    plugins: [substitutes],
    metafile: true,
    logLevel: 'error',
  };
}

/** Bundles `entry` (a handler.ts) into `outdir/index.mjs` and `outdir/chunks/` (+ source maps). */
export async function bundle(entry: string, outdir: string): Promise<BundleResult> {
  const { metafile } = await build(options(entry, outdir));
  const outputs = metafile!.outputs;
  const file = path.join(outdir, BUNDLE_FILE);
  const key = (abs: string) => path.relative(REPO_ROOT, abs);
  const seen = new Set<string>();
  const pending = [key(file)];
  let initBytes = 0;
  while (pending.length) {
    const out = pending.pop()!;
    if (seen.has(out) || !outputs[out]) continue;
    seen.add(out);
    initBytes += outputs[out].bytes;
    for (const i of outputs[out].imports) if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
  }
  const totalBytes = Object.entries(outputs).reduce((n, [name, o]) => (name.endsWith('.map') ? n : n + o.bytes), 0);
  return { file, initBytes, totalBytes };
}

let worker: Worker | undefined;
const BUNDLE_TIMEOUT_MS = 120_000;

/**
 * `bundle()`, blocking: esbuild plugins only run in its async API, and CDK's `ILocalBundling.tryBundle` is synchronous.
 * One worker thread (shared by every function of a synth) runs this very module, compiled by esbuild, and the
 * caller waits on an Atomics flag.
 */
export function bundleSync(entry: string, outdir: string): void {
  worker ??= startWorker();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ entry, outdir, done, port: port2 }, [port2]);
  // A crashed worker never answers; the timeout turns that into an error instead of a hung synth.
  if (Atomics.wait(done, 0, 0, BUNDLE_TIMEOUT_MS) === 'timed-out') {
    void worker.terminate();
    worker = undefined;
    throw new Error(`esbuild did not finish ${entry} within ${BUNDLE_TIMEOUT_MS / 1000} s`);
  }
  const reply = receiveMessageOnPort(port1)?.message as { error?: string } | undefined;
  port1.close();
  if (!reply || reply.error) throw new Error(`esbuild failed for ${entry}: ${reply?.error ?? 'no reply from the bundling worker'}`);
}

function startWorker(): Worker {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const esbuild = require(workerData.esbuild);
    const compiled = esbuild.buildSync({ entryPoints: [workerData.module], bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', external: ['esbuild'], write: false, logLevel: 'error' }).outputFiles[0].text;
    const mod = { exports: {} };
    new Function('module', 'exports', 'require', '__dirname', compiled)(mod, mod.exports, require, workerData.dirname);
    parentPort.on('message', ({ entry, outdir, done, port }) => {
      mod.exports.bundle(entry, outdir).then(() => ({}), (e) => ({ error: String((e && e.message) || e) })).then((reply) => {
        port.postMessage(reply);
        port.close();
        Atomics.store(done, 0, 1);
        Atomics.notify(done, 0);
      });
    });`;
  const w = new Worker(source, {
    eval: true,
    workerData: { esbuild: require.resolve('esbuild'), module: __filename, dirname: __dirname },
  });
  // Never keeps the synth process alive; a crashed worker is replaced on the next call.
  w.unref();
  w.on('error', () => {
    if (worker === w) worker = undefined;
  });
  return w;
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, FUNCTION_NODE_OPTIONS } from '../constructs/bundling';
import { REPO_ROOT } from '../local/state';

export interface ColdStartResult {
  function: string;
  /** What init reads and parses: the entry and the chunks it imports statically. */
  bundleBytes: number;
  /** Every chunk of the bundle, lazy ones included (source maps not). */
  totalBytes: number;
  initMs: number;
  initRatio: number;
}

/** Settings every function reads at cold start; dummy values, since init must not call any service. */
const ENV = {
  STAGE: 'dev',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'argus',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  TABLE_NAME: 'argus-bench',
  USAGE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-bench-usage',
  USAGE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-bench-usage-dlq',
  WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-bench-stripe-webhooks.fifo',
  METER_SINK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/argus-bench-meter-sink',
  EVENT_BUS_NAME: 'argus-bench',
  USER_POOL_ID: 'us-east-1_bench',
  USER_POOL_CLIENT_ID: 'benchclient',
  COGNITO_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench',
  AUTO_CONFIRM_SIGNUP: 'false',
  AUTHORIZER_CACHE_SECONDS: '30',
  PAST_DUE_GRACE_DAYS: '3',
  ALLOWED_ORIGINS: 'http://localhost:*',
  MAIL_FROM: 'no-reply@bench.argus.example',
  STRIPE_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:argus/bench/stripe/api-key',
  STRIPE_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:argus/bench/stripe/webhook-secret',
  // As deployed: source-map support is part of what init costs.
  NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
};

/**
 * Bundles every function exactly as CDK does and times its module initialisation (what Lambda's Init phase runs) in a
 * fresh Node process, beside an empty handler bundled the same way: `initRatio` is the cost of our code and deps over
 * the bare runtime's, measured side by side.
 */
export async function coldStartBench(options: { runs?: number; outDir?: string } = {}): Promise<ColdStartResult[]> {
  const runs = options.runs ?? 5;
  const outDir = options.outDir ?? path.join(REPO_ROOT, '.argus', 'bench-bundles');
  mkdirSync(outDir, { recursive: true });
  const emptyEntry = path.join(outDir, 'empty-handler.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const functionsDir = path.join(REPO_ROOT, 'functions');
  const names = readdirSync(functionsDir).filter((name) => statSync(path.join(functionsDir, name, 'handler.ts'), { throwIfNoEntry: false })?.isFile());

  const empty = await bundled(emptyEntry, path.join(outDir, 'empty'));
  const emptyInit = medianInit(empty.file, runs);
  const results: ColdStartResult[] = [];
  for (const name of names) {
    const { file, initBytes, totalBytes } = await bundled(path.join(functionsDir, name, 'handler.ts'), path.join(outDir, name));
    const initMs = medianInit(file, runs);
    results.push({ function: name, bundleBytes: initBytes, totalBytes, initMs: round(initMs), initRatio: round(initMs / emptyInit) });
  }
  return results;
}

/** The same bundle CDK deploys (bundling.ts), in a clean folder (no chunks left from an earlier run). */
function bundled(entry: string, outdir: string): ReturnType<typeof bundle> {
  rmSync(outdir, { recursive: true, force: true });
  return bundle(entry, outdir);
}

/**
 * Median wall time of loading the bundle as Lambda's runtime does (`import()` for an ES module, `require` for CJS) in
 * fresh processes, up to the module's static graph being evaluated (the process start itself is excluded).
 */
function medianInit(file: string, runs: number): number {
  const load = file.endsWith('.mjs') ? `await import(${JSON.stringify(pathToFileURL(file).href)})` : `require(${JSON.stringify(file)})`;
  const script = `(async()=>{const t=process.hrtime.bigint();const m=${load};if(typeof m.handler!=='function')throw new Error('no handler');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));})().catch((e)=>{console.error(e);process.exit(1);});`;
  const samples = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...ENV } }).toString()));
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { REPO_ROOT } from '../local/state';

export const loadSpecSchema = z.object({
  url: z.string(),
  method: z.enum(['GET', 'POST']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  /** A binary body (protobuf), base64 here because the spec travels as JSON; wins over `body`. */
  bodyBase64: z.string().optional(),
  /** Rotated per request (unique ids, per-body signatures, per-resource paths); each wins over `body` and adds to `headers`. */
  requests: z.array(z.object({ body: z.string(), headers: z.record(z.string(), z.string()).default({}), path: z.string().startsWith('/').optional() })).optional(),
  connections: z.number().int().min(1).max(100).default(10),
  /** Every load is bounded in time. */
  durationSeconds: z.number().min(1).max(60).default(5),
});
export type LoadSpec = z.input<typeof loadSpecSchema>;

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** Runs a bounded load from a second process (load-worker.ts) and returns its latency and throughput. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const worker = path.join(REPO_ROOT, 'infra', 'bench', 'load-worker.ts');
  // The spec can hold thousands of pre-signed requests: too large for argv, so it travels in a file.
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-load-'));
  const specFile = path.join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  try {
    const { stdout } = await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [worker, specFile], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

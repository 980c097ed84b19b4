import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStackInfo } from '../local/state';
import { machine, type Machine } from './machine';
import { attachOrStart, type BenchStack } from './attach-or-start';
import { measured, type Consumption } from './consumption';
import { runLoad } from './load-spec';
import { holdIdFor } from '../../shared/holds/hold-id';

export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
}

export interface QuotaBenchResult {
  machine: Machine;
  /** The read path, with what the stack counted during its load (the cost model's input). */
  quotaCheck: LoadSummary & { consumption: Consumption };
  /** `consume: true` with a unique id per request (explorer llm_tokens, cap 10,000): the transaction path. */
  quotaConsume: LoadSummary;
  getItem: LatencySummary & { ops: number; concurrency: number; durationSeconds: number };
  /** POST /v1/quota/reserve (a unique id each, explorer llm_tokens) and then the commit of each hold made. */
  holdReserve: LoadSummary;
  holdCommit: LoadSummary;
  /** quota check latency over bare GetItem latency against the same emulator. */
  ratio: { p50: number; p99: number };
}

type LoadSummary = LatencySummary & { rps: number; requests: number; non2xx: number; errors: number; connections: number; durationSeconds: number };

export interface QuotaBenchOptions {
  durationSeconds?: number;
  connections?: number;
}

/**
 * Loads POST /v1/quota/check (read path, platform service key: no tier limit) from a second process with autocannon
 * for a bounded time, then times a bare strongly consistent GetItem of the same counter item against the same
 * DynamoDB Local with the same concurrency, and reports both and their ratio. Attaches to the stack in
 * ARGUS_STATE_DIR when one is running, else starts a fresh one in a temp dir and stops it afterwards.
 */
export async function quotaBench(options: QuotaBenchOptions = {}, shared?: BenchStack): Promise<QuotaBenchResult> {
  const durationSeconds = options.durationSeconds ?? 10;
  const connections = options.connections ?? 10;
  const stack = shared ?? (await attachOrStart());
  try {
    const orgId = await signUpOrg(stack.info);
    const body = JSON.stringify({ orgId, metric: 'api_calls', quantity: 1 });
    // Warm the handler (its cold start is the cold-start bench's business).
    await fetch(`${stack.info.apiUrl}/v1/quota/check`, { method: 'POST', headers: headers(stack.info), body });
    const url = `${stack.info.apiUrl}/v1/quota/check`;
    const { result: load, consumption } = await measured(stack.info, () => runLoad({ url, method: 'POST', headers: headers(stack.info), body, connections, durationSeconds }));
    const consumes = Array.from({ length: 20_000 }, (_, i) => ({ body: JSON.stringify({ orgId, metric: 'llm_tokens', quantity: 1, consume: true, id: `bench-${i}` }) }));
    const consume = await runLoad({ url, method: 'POST', headers: headers(stack.info), requests: consumes, connections, durationSeconds });
    const getItem = await timeGetItem(stack.info, orgId, connections, Math.min(5, durationSeconds));
    // Holds beside the consume path: reserves with a unique id each, then the commit of every hold the run made.
    const holdOrg = await signUpOrg(stack.info);
    const reserves = Array.from({ length: 20_000 }, (_, i) => ({ body: JSON.stringify({ orgId: holdOrg, metric: 'llm_tokens', quantity: 1, id: `bench-hold-${i}`, ttlSeconds: 3600 }) }));
    const holdReserve = await runLoad({ url: `${stack.info.apiUrl}/v1/quota/reserve`, method: 'POST', headers: headers(stack.info), requests: reserves, connections, durationSeconds });
    const commits = Array.from({ length: holdReserve.requests }, (_, i) => ({ path: `/v1/quota/holds/${holdIdFor(holdOrg, `bench-hold-${i}`)}/commit`, body: JSON.stringify({ quantity: 1 }) }));
    const holdCommit = await runLoad({ url: `${stack.info.apiUrl}/`, method: 'POST', headers: headers(stack.info), requests: commits, connections, durationSeconds });
    return {
      machine: machine(),
      quotaCheck: { ...load, connections, durationSeconds, consumption },
      quotaConsume: { ...consume, connections, durationSeconds },
      getItem,
      holdReserve: { ...holdReserve, connections, durationSeconds },
      holdCommit: { ...holdCommit, connections, durationSeconds },
      ratio: { p50: round(load.p50Ms / Math.max(getItem.p50Ms, 0.01)), p99: round(load.p99Ms / Math.max(getItem.p99Ms, 0.01)) },
    };
  } finally {
    if (!shared) await stack.stop();
  }
}

function headers(info: LocalStackInfo): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${info.serviceApiKey}` };
}

export async function signUpOrg(info: LocalStackInfo): Promise<string> {
  const res = await fetch(`${info.apiUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${randomBytes(6).toString('hex')}@example.test`, password: 'Bench-Password-9' }),
  });
  if (res.status !== 201) throw new Error(`bench sign-up failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { orgId: string }).orgId;
}

/** `concurrency` loops of GetItem for `seconds`, each timed on its own. */
async function timeGetItem(info: LocalStackInfo, orgId: string, concurrency: number, seconds: number): Promise<QuotaBenchResult['getItem']> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
  const periodStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString();
  const get = () => client.send(new GetCommand({ TableName: info.dynamodb.tableName, Key: { PK: `ORG#${orgId}`, SK: `USAGE#${periodStart}#api_calls` }, ConsistentRead: true }));
  await get();
  const samples: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const start = process.hrtime.bigint();
        await get();
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  client.destroy();
  samples.sort((a, b) => a - b);
  const at = (q: number) => round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!);
  return { p50Ms: at(0.5), p99Ms: at(0.99), ops: samples.length, concurrency, durationSeconds: seconds };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (require.main === module) {
  const durationSeconds = Number(process.argv[2] ?? 10);
  quotaBench({ durationSeconds })
    .then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}

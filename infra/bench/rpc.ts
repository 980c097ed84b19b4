import { create, toBinary } from '@bufbuild/protobuf';
import { CheckQuotaRequestSchema } from '../../shared/rpc/gen/argus/billing/v1/billing_pb';
import type { BenchStack } from './attach-or-start';
import { runLoad, type LoadResult } from './load-spec';
import { machine, type Machine } from './machine';
import { signUpOrg } from './quota';

export interface RpcBenchResult {
  machine: Machine;
  connections: number;
  durationSeconds: number;
  /** The baseline: `POST /v1/quota/check` (read path) in the same run, same org, same load (medians over the rounds). */
  rest: LoadResult;
  /** `argus.billing.v1.BillingService/CheckQuota` over Connect, JSON and binary protobuf. */
  connectJson: LoadResult;
  connectBinary: LoadResult;
  /** Connect latency over the REST check's: the median over the rounds of each round's ratio. */
  ratio: { jsonP50: number; jsonP99: number; binaryP50: number; binaryP99: number };
}

/**
 * CheckQuota over Connect beside its REST twin: the same question (1 api_call for one explorer org, platform key so no
 * tier limit) in three encodings, each loaded from a second process for the same short time at the same concurrency,
 * in ROUNDS interleaved rounds (27 s in all at the default 3 s a load).
 */
export async function rpcBench(stack: BenchStack, roundSeconds = 3, connections = 10): Promise<RpcBenchResult> {
  const { apiUrl, serviceApiKey } = stack.info;
  const orgId = await signUpOrg(stack.info);
  const auth = { authorization: `Bearer ${serviceApiKey}` };
  const rest = { url: `${apiUrl}/v1/quota/check`, method: 'POST' as const, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ orgId, metric: 'api_calls', quantity: 1 }) };
  const rpcUrl = `${apiUrl}/rpc/argus.billing.v1.BillingService/CheckQuota`;
  const json = { url: rpcUrl, method: 'POST' as const, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ orgId, resource: 'api_calls', requested: 1 }) };
  const message = toBinary(CheckQuotaRequestSchema, create(CheckQuotaRequestSchema, { orgId, resource: 'api_calls', requested: 1 }));
  const binary = { url: rpcUrl, method: 'POST' as const, headers: { ...auth, 'content-type': 'application/proto' }, bodyBase64: Buffer.from(message).toString('base64') };
  // Warm each handler once (cold starts are the cold-start bench's business).
  for (const spec of [rest, json]) await fetch(spec.url, { method: 'POST', headers: spec.headers, body: spec.body });
  await fetch(rpcUrl, { method: 'POST', headers: binary.headers, body: message });
  const load = (spec: typeof rest | typeof json | typeof binary) => runLoad({ ...spec, connections, durationSeconds: roundSeconds });
  // Interleaved rounds, each variant once per round in a rotating order, so a shift in the box's load hits all three
  // alike; the ratios are medians of the per-round ratios.
  const rounds: { rest: LoadResult; json: LoadResult; binary: LoadResult }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = (['rest', 'json', 'binary'] as const).map((_, k, all) => all[(k + i) % all.length]!);
    const round: Partial<(typeof rounds)[number]> = {};
    for (const variant of order) round[variant] = await load({ rest, json, binary }[variant]);
    rounds.push(round as (typeof rounds)[number]);
  }
  const r = (a: number, b: number) => a / Math.max(b, 0.01);
  const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! * 100) / 100;
  const ratio = (variant: 'json' | 'binary', p: 'p50Ms' | 'p99Ms') => median(rounds.map((x) => r(x[variant][p], x.rest[p])));
  return {
    machine: machine(),
    connections,
    durationSeconds: roundSeconds * ROUNDS,
    rest: merged(rounds.map((x) => x.rest)),
    connectJson: merged(rounds.map((x) => x.json)),
    connectBinary: merged(rounds.map((x) => x.binary)),
    ratio: { jsonP50: ratio('json', 'p50Ms'), jsonP99: ratio('json', 'p99Ms'), binaryP50: ratio('binary', 'p50Ms'), binaryP99: ratio('binary', 'p99Ms') },
  };
}

const ROUNDS = 3;

/** One variant over all rounds: summed counts, median latencies. */
function merged(results: LoadResult[]): LoadResult {
  const mid = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const sum = (key: 'requests' | 'non2xx' | 'errors') => results.reduce((total, x) => total + x[key], 0);
  return { requests: sum('requests'), rps: mid(results.map((x) => x.rps)), p50Ms: mid(results.map((x) => x.p50Ms)), p99Ms: mid(results.map((x) => x.p99Ms)), non2xx: sum('non2xx'), errors: sum('errors') };
}

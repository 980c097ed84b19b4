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
  /** The baseline: `POST /v1/quota/check` (read path) in the same run, same org, same load. */
  rest: LoadResult;
  /** `argus.billing.v1.BillingService/CheckQuota` over Connect, JSON and binary protobuf. */
  connectJson: LoadResult;
  connectBinary: LoadResult;
  /** Connect latency over the REST check's. */
  ratio: { jsonP50: number; jsonP99: number; binaryP50: number; binaryP99: number };
}

/**
 * CheckQuota over Connect beside its REST twin: the same question (1 api_call for one explorer org, platform key so no
 * tier limit) in three encodings, each loaded from a second process for the same short time at the same concurrency.
 */
export async function rpcBench(stack: BenchStack, durationSeconds = 5, connections = 10): Promise<RpcBenchResult> {
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
  const load = (spec: typeof rest | typeof json | typeof binary) => runLoad({ ...spec, connections, durationSeconds });
  const restResult = await load(rest);
  const connectJson = await load(json);
  const connectBinary = await load(binary);
  const r = (a: number, b: number) => Math.round((a / Math.max(b, 0.01)) * 100) / 100;
  return {
    machine: machine(),
    connections,
    durationSeconds,
    rest: restResult,
    connectJson,
    connectBinary,
    ratio: { jsonP50: r(connectJson.p50Ms, restResult.p50Ms), jsonP99: r(connectJson.p99Ms, restResult.p99Ms), binaryP50: r(connectBinary.p50Ms, restResult.p50Ms), binaryP99: r(connectBinary.p99Ms, restResult.p99Ms) },
  };
}

import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalStackInfo } from '../local/state';
import { machine, type Machine } from './machine';
import { attachOrStart, type BenchStack } from './attach-or-start';

export interface IngestBenchResult {
  machine: Machine;
  events: number;
  deliveries: number;
  orgs: number;
  seconds: number;
  /** Distinct events counted per second, first SendMessageBatch to the last counter reaching its total. */
  eventsPerSecond: number;
  /**
   * Write units DynamoDB Local reported (ReturnConsumedCapacity TOTAL, summed by the stack's capacity meter). DynamoDB
   * Local under-reports TransactWriteItems (a few units per 100-item transaction), so this is a floor, not the bill.
   */
  localReportedWriteUnitsPerEvent: number;
  /**
   * What AWS would bill: 2 WCU per item of every committed transaction (each item < 1 KB), summed from the aggregator's
   * `usage batch` log lines. Null when attached to a running stack (its logs are not ours to read).
   */
  awsWriteUnitsPerEvent: number | null;
  readUnitsPerEvent: number;
  aggregatorInvocations: unknown;
}

export interface IngestBenchOptions {
  events?: number;
  /** Extra copies: each event is sent 1 + duplicates times on average (0 = each once). */
  duplicateRate?: number;
  orgs?: number;
}

/**
 * End-to-end ingestion through the local stack: N events over `orgs` orgs and two metrics, packed 100 per message
 * (`{ events }` bodies), sent with SendMessageBatch of 10, consumed by the aggregator via the event-source emulation;
 * timed until every counter holds its exact total. Write units come from the stack's /_local/metrics, reset first.
 */
export async function ingestBench(options: IngestBenchOptions = {}, shared?: BenchStack): Promise<IngestBenchResult> {
  const total = options.events ?? 10_000;
  const duplicateRate = options.duplicateRate ?? 0;
  const orgCount = options.orgs ?? 4;
  // A stack this bench starts logs the aggregator's per-batch line (INFO), which carries the billed write units.
  process.env.LOG_LEVEL ??= 'INFO';
  const stack = shared ?? (await attachOrStart());
  const { info } = stack;
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
  const sqs = new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials }, useQueueUrlAsEndpoint: false });
  try {
    const run = randomUUID().slice(0, 8);
    const orgIds = Array.from({ length: orgCount }, (_, i) => `org_bench_${run}_${i}`);
    const now = new Date().toISOString();
    for (const id of orgIds) {
      await ddb.send(new PutCommand({ TableName: info.dynamodb.tableName, Item: { PK: `ORG#${id}`, SK: 'ORG', type: 'org', id, name: id, slug: id, planId: 'enterprise', createdAt: now } }));
    }
    const metrics = ['api_calls', 'agent_executions'];
    const events = Array.from({ length: total }, (_, i) => ({ id: `${run}-${i}`, orgId: orgIds[i % orgCount], metric: metrics[(i >> 2) % 2], quantity: 1 }));
    const deliveries = events.flatMap((e) => (Math.random() < duplicateRate ? [e, e] : [e])).sort(() => Math.random() - 0.5);
    const expected = new Map<string, number>();
    for (const e of events) expected.set(`${e.orgId}|${e.metric}`, (expected.get(`${e.orgId}|${e.metric}`) ?? 0) + 1);

    await fetch(`${info.apiUrl}/_local/metrics`, { method: 'DELETE' });
    const started = Date.now();
    const bodies: string[] = [];
    for (let i = 0; i < deliveries.length; i += 100) bodies.push(JSON.stringify({ events: deliveries.slice(i, i + 100) }));
    for (let i = 0; i < bodies.length; i += 10) {
      const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: info.sqs.usageQueueUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })) }));
      if (res.Failed?.length) throw new Error(`enqueue failed: ${JSON.stringify(res.Failed)}`);
    }
    await waitForTotals(ddb, info, expected, stack.output);
    const seconds = (Date.now() - started) / 1000;
    const metricsRes = (await (await fetch(`${info.apiUrl}/_local/metrics`)).json()) as { invocations: Record<string, unknown>; dynamodb: { writeUnits: number; readUnits: number } };
    return {
      machine: machine(),
      events: total,
      deliveries: deliveries.length,
      orgs: orgCount,
      seconds,
      eventsPerSecond: Math.round(total / seconds),
      localReportedWriteUnitsPerEvent: Math.round((metricsRes.dynamodb.writeUnits / total) * 1000) / 1000,
      awsWriteUnitsPerEvent: stack.output() ? Math.round((awsWriteUnits(stack.output()) / total) * 1000) / 1000 : null,
      readUnitsPerEvent: Math.round((metricsRes.dynamodb.readUnits / total) * 1000) / 1000,
      aggregatorInvocations: metricsRes.invocations['usage-aggregator'] ?? null,
    };
  } finally {
    ddb.destroy();
    sqs.destroy();
    if (!shared) await stack.stop();
  }
}

function awsWriteUnits(output: string): number {
  let units = 0;
  for (const line of output.split('\n')) {
    if (!line.includes('"usage batch"')) continue;
    try {
      units += Number((JSON.parse(line) as { awsWriteUnits?: number }).awsWriteUnits ?? 0);
    } catch {
      // not a JSON log line
    }
  }
  return units;
}

async function waitForTotals(ddb: DynamoDBDocumentClient, info: LocalStackInfo, expected: Map<string, number>, output: () => string): Promise<void> {
  const periodStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString();
  const deadline = Date.now() + 600_000;
  const pending = new Map(expected);
  while (pending.size) {
    if (Date.now() > deadline) throw new Error(`totals not reached: ${JSON.stringify([...pending])}\n${output().slice(-4000)}`);
    for (const [key, want] of pending) {
      const [orgId, metric] = key.split('|');
      const { Item } = await ddb.send(new GetCommand({ TableName: info.dynamodb.tableName, Key: { PK: `ORG#${orgId}`, SK: `USAGE#${periodStart}#${metric}` }, ConsistentRead: true }));
      const used = Number(Item?.used ?? 0);
      if (used > want) throw new Error(`over-counted ${key}: ${used} > ${want}`);
      if (used === want) pending.delete(key);
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 200));
  }
}

if (require.main === module) {
  const events = Number(process.argv[2] ?? 10_000);
  ingestBench({ events, duplicateRate: Number(process.argv[3] ?? 0) })
    .then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}

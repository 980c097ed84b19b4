import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { machine, type Machine } from './machine';
import type { BenchStack } from './attach-or-start';

export interface TelemetryBenchResult {
  machine: Machine;
  events: number;
  orgs: number;
  seconds: number;
  /** Distinct events in the rollups (and raw Parquet objects) per second, first send to the last rollup reaching its total. */
  eventsPerSecond: number;
}

/**
 * Telemetry ingestion end to end through the local stack, beside the usage ingest bench (same event count, same
 * packing per SQS call): N events over `orgs` orgs in analytics queue messages of 500, consumed by the analytics
 * consumer (rollup transactions, then the message's Parquet object in the local S3); timed until every org's rollups
 * count all its events.
 */
export async function telemetryBench(stack: BenchStack, options: { events?: number; orgs?: number } = {}): Promise<TelemetryBenchResult> {
  const total = options.events ?? 10_000;
  const orgCount = options.orgs ?? 4;
  const { info } = stack;
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
  const sqs = new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials }, useQueueUrlAsEndpoint: false });
  try {
    const run = randomUUID().slice(0, 8);
    const orgIds = Array.from({ length: orgCount }, (_, i) => `org_tbench_${run}_${i}`);
    const now = new Date();
    const types = ['command', 'agent_run', 'llm_call', 'error'];
    const bodies: string[] = [];
    for (const [o, orgId] of orgIds.entries()) {
      const mine = Array.from({ length: Math.ceil(total / orgCount) }, (_, i) => ({
        id: `${run}-${o}-${i}`,
        eventType: types[i % types.length],
        timestamp: now.toISOString(),
        commandName: `cmd-${i % 5}`,
        executionTimeMs: 1 + (i % 997),
        tokensUsed: i % 3 === 0 ? 100 : undefined,
        success: i % 10 !== 0,
      }));
      for (let i = 0; i < mine.length; i += 500) bodies.push(JSON.stringify({ orgId, actor: null, receivedAt: now.toISOString(), events: mine.slice(i, i + 500) }));
    }
    const perOrg = Math.ceil(total / orgCount);
    const started = Date.now();
    for (let i = 0; i < bodies.length; i += 10) {
      const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: info.sqs.analyticsQueueUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })) }));
      if (res.Failed?.length) throw new Error(`enqueue failed: ${JSON.stringify(res.Failed)}`);
    }
    const deadline = Date.now() + 600_000;
    const pending = new Set(orgIds);
    while (pending.size) {
      if (Date.now() > deadline) throw new Error(`rollups not complete for ${[...pending].join(', ')}`);
      for (const orgId of pending) {
        const { Items = [] } = await ddb.send(new QueryCommand({ TableName: info.dynamodb.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':p': 'ANLROLL#' }, ConsistentRead: true }));
        const counted = Items.reduce((s, item) => s + Number(item.count ?? 0), 0);
        if (counted > perOrg) throw new Error(`over-counted ${orgId}: ${counted} > ${perOrg}`);
        if (counted === perOrg) pending.delete(orgId);
      }
      if (pending.size) await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    return { machine: machine(), events: perOrg * orgCount, orgs: orgCount, seconds, eventsPerSecond: Math.round((perOrg * orgCount) / seconds) };
  } finally {
    ddb.destroy();
    sqs.destroy();
  }
}

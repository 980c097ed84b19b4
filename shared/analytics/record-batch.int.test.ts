import '../../infra/local/testing/local-env';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queryParquet } from '../../cli/analytics/query-parquet';
import { localStack } from '../../infra/local/testing/local-stack';
import { countActiveUsers } from './active-users';
import { exactQuantile, sketchOf } from './latency-sketch';
import { mergeRollups, readRollups } from './read-analytics';
import { recordAnalyticsBatch, type AnalyticsQueueMessage } from './record-batch';
import { parquetObjectSink } from './raw-sink';
import { seeded, telemetryEvents } from './testing/telemetry';
import { eventDay, isError, type TelemetryEvent } from './validate-event';

/** The consumer's domain function against DynamoDB Local, raw files into a directory (the S3 sink's stand-in). */
describe('analytics recording (domain, against DynamoDB Local)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'argus-analytics-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sink = parquetObjectSink(async (key, body) => {
    mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    writeFileSync(path.join(dir, key), body);
  });
  const deadLetterQueueUrl = localStack().sqs.analyticsDlqUrl;
  const files = () => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')).map((f) => path.join(dir, f));

  it('10,000 events with duplicates, crashes and redeliveries: rollups equal a direct computation, Parquet holds each event once, p95 within 2 %', async () => {
    const now = new Date();
    const random = seeded(16);
    const run = `r${Date.now().toString(36)}`;
    const orgs = [`org_${run}a`, `org_${run}b`];
    const events = telemetryEvents(10_000, { prefix: run, now, days: 2, random });
    const owner = (i: number) => orgs[i % 2];
    const actors = [`user:${run}-u1`, `user:${run}-u2`, null];

    // Messages of ≤ 500 events of one org, then 1,500 duplicates re-sent in messages of their own, shuffled.
    let seq = 0;
    const messages: AnalyticsQueueMessage[] = [];
    const send = (orgId: string, batch: TelemetryEvent[], actor: string | null) => {
      messages.push({ messageId: `${run}-m${++seq}`, body: JSON.stringify({ orgId, actor, receivedAt: now.toISOString(), events: batch }) });
    };
    for (const orgId of orgs) {
      const mine = events.filter((_, i) => owner(i) === orgId);
      for (let i = 0; i < mine.length; i += 500) send(orgId, mine.slice(i, i + 500), actors[(i / 500) % 3]);
    }
    const dupes = Array.from({ length: 1_500 }, () => Math.floor(random() * events.length));
    for (const orgId of orgs) {
      const mine = dupes.filter((i) => owner(i) === orgId).map((i) => events[i]);
      for (let i = 0; i < mine.length; i += 250) send(orgId, mine.slice(i, i + 250), null);
    }
    // A malformed message goes to the DLQ and fails nothing else.
    messages.push({ messageId: `${run}-bad`, body: '{"orgId":' });
    const order = messages.map((m) => ({ m, k: random() })).sort((a, b) => a.k - b.k).map((x) => x.m);

    // Deliver like SQS: batches of 10; failed messages come back; crashes injected into transactions and raw writes.
    let transactions = 0;
    let rawWrites = 0;
    const deps = {
      sink,
      deadLetterQueueUrl,
      beforeTransaction: () => {
        if (++transactions % 53 === 0) throw new Error('injected crash before a transaction');
      },
      beforeRawWrite: () => {
        if (++rawWrites % 17 === 0) throw new Error('injected crash before a raw write');
      },
    };
    let pending = order;
    let counted = 0;
    let refused = 0;
    for (let round = 0; pending.length; round++) {
      expect(round).toBeLessThan(20);
      const failed = new Set<string>();
      for (let i = 0; i < pending.length; i += 10) {
        const outcome = await recordAnalyticsBatch(pending.slice(i, i + 10), deps, now);
        counted += outcome.counted;
        refused += outcome.refused;
        for (const id of outcome.failed.keys()) failed.add(id);
      }
      pending = pending.filter((m) => failed.has(m.messageId));
    }
    // A whole second delivery of a few messages (a consumer timed out after finishing) changes nothing.
    const again = await recordAnalyticsBatch(order.slice(0, 10), { sink, deadLetterQueueUrl }, now);
    expect(again.counted).toBe(0);
    expect(again.failed.size).toBe(0);
    expect(counted).toBe(10_000);
    expect(refused).toBe(1);

    // The direct computation: per (org, day, eventType, commandName, agentId) over the distinct events.
    const direct = new Map<string, { count: number; errors: number; tokens: number; latencies: number[] }>();
    events.forEach((e, i) => {
      const key = [owner(i), eventDay(e), e.eventType, e.commandName ?? null, e.agentId ?? null].join('|');
      const r = direct.get(key) ?? { count: 0, errors: 0, tokens: 0, latencies: [] };
      r.count++;
      if (isError(e)) r.errors++;
      r.tokens += e.tokensUsed ?? 0;
      if (e.executionTimeMs !== undefined) r.latencies.push(e.executionTimeMs);
      direct.set(key, r);
    });
    const days = [...new Set(events.map(eventDay))].sort();
    const stored = new Map<string, unknown>();
    for (const orgId of orgs) {
      for (const r of await readRollups(orgId, days[0], days[days.length - 1])) {
        stored.set([orgId, r.day, r.eventType, r.commandName, r.agentId].join('|'), { count: r.count, errors: r.errors, tokens: r.tokens, latency: r.latency });
      }
    }
    expect(stored.size).toBe(direct.size);
    for (const [key, r] of direct) expect(stored.get(key)).toEqual({ count: r.count, errors: r.errors, tokens: r.tokens, latency: sketchOf(r.latencies) });

    // The API's rows: p50/p95 from merged sketches within 2 % of the exact quantiles.
    for (const orgId of orgs) {
      const mine = events.filter((_, i) => owner(i) === orgId);
      const rows = mergeRollups(await readRollups(orgId, days[0], days[days.length - 1]), 'eventType');
      for (const row of rows) {
        const group = mine.filter((e) => e.eventType === row.key);
        expect(row.count).toBe(group.length);
        const latencies = group.flatMap((e) => (e.executionTimeMs === undefined ? [] : [e.executionTimeMs]));
        for (const [q, got] of [[0.5, row.p50Ms], [0.95, row.p95Ms]] as const) {
          const exact = exactQuantile(latencies, q)!;
          expect(Math.abs(got! - exact) / exact).toBeLessThanOrEqual(0.02);
        }
      }
    }

    // DuckDB over the Parquet files: every event exactly once, the same counts per org and type.
    const parquet = files();
    const total = await queryParquet(parquet, `SELECT count(*) AS n, count(DISTINCT org_id || '/' || id) AS distinct_events FROM events WHERE org_id IN ('${orgs[0]}', '${orgs[1]}')`);
    expect(total.rows[0]).toEqual({ n: '10000', distinct_events: '10000' });
    const byType = await queryParquet(parquet, `SELECT org_id, event_type, dt, count(*) AS n, sum(CASE WHEN success = false OR event_type = 'error' THEN 1 ELSE 0 END) AS errors, coalesce(sum(tokens_used), 0) AS tokens FROM events WHERE org_id LIKE 'org_${run}%' GROUP BY ALL ORDER BY ALL`);
    const expectedByType = new Map<string, { n: number; errors: number; tokens: number }>();
    events.forEach((e, i) => {
      const key = `${owner(i)}|${e.eventType}|${eventDay(e)}`;
      const r = expectedByType.get(key) ?? { n: 0, errors: 0, tokens: 0 };
      r.n++;
      if (isError(e)) r.errors++;
      r.tokens += e.tokensUsed ?? 0;
      expectedByType.set(key, r);
    });
    expect(byType.rows).toHaveLength(expectedByType.size);
    for (const row of byType.rows) {
      expect({ n: Number(row.n), errors: Number(row.errors), tokens: Number(row.tokens) }).toEqual(expectedByType.get(`${row.org_id}|${row.event_type}|${row.dt}`));
    }

  }, 1_200_000);

  it('counts distinct active users per day range: members by user id across orgs, key-sent events by device', async () => {
    const run = `a${Date.now().toString(36)}`;
    const now = new Date('2020-01-10T00:00:00Z');
    const at = (day: number) => `2020-01-0${day}T12:00:00.000Z`;
    const message = (n: number, orgId: string, actor: string | null, events: Partial<TelemetryEvent>[]): AnalyticsQueueMessage => ({
      messageId: `${run}-${n}`,
      body: JSON.stringify({ orgId, actor, receivedAt: now.toISOString(), events: events.map((e, i) => ({ id: `${run}-${n}-${i}`, eventType: 'command', ...e })) }),
    });
    const outcome = await recordAnalyticsBatch(
      [
        message(1, 'org_x', `user:${run}-u1`, [{ timestamp: at(1) }, { timestamp: at(1) }, { timestamp: at(2) }]),
        message(2, 'org_y', `user:${run}-u1`, [{ timestamp: at(2) }]),
        message(3, 'org_y', `user:${run}-u2`, [{ timestamp: at(2), deviceId: 'ignored: a user sent it' }]),
        message(4, 'org_x', null, [{ timestamp: at(1), deviceId: `${run}-d1` }, { timestamp: at(1), deviceId: `${run}-d1` }, { timestamp: at(1), deviceId: `${run}-d2` }, { timestamp: at(1) }]),
      ],
      { sink, deadLetterQueueUrl },
      now,
    );
    expect(outcome.failed.size).toBe(0);
    expect(await countActiveUsers('2020-01-01', '2020-01-01', now)).toBe(3);
    expect(await countActiveUsers('2020-01-02', '2020-01-02', now)).toBe(2);
    expect(await countActiveUsers('2020-01-01', '2020-01-02', now)).toBe(4);
    expect(await countActiveUsers('2020-01-03', '2020-01-09', now)).toBe(0);
    // Markers stop counting once their 400 days are over, whether or not TTL has deleted them yet.
    expect(await countActiveUsers('2020-01-01', '2020-01-02', new Date('2021-03-01T00:00:00Z'))).toBe(0);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../infra/local/state';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { newUser, type TestUser } from '../../infra/local/testing/users';
import { exactQuantile } from '../../shared/analytics/latency-sketch';
import { seeded, telemetryEvents } from '../../shared/analytics/testing/telemetry';
import type { TelemetryEvent } from '../../shared/analytics/validate-event';

/**
 * Issue #16 end to end through the API (CONTRACT §8): telemetry posted to POST /v1/analytics/events (with duplicates)
 * goes through the analytics queue and the local stack's consumer into the table's rollups and Parquet files in the
 * local S3; GET /v1/orgs/{orgId}/analytics then answers rows equal to a model computed here from the posted events,
 * and `npx argus analytics query` (DuckDB over the downloaded Parquet) counts each event once.
 */
type Row = { key: string | null; count: number; errors: number; p50Ms: number | null; p95Ms: number | null; tokens: number };
type GroupBy = 'eventType' | 'commandName' | 'agentId' | 'day';

const N = 600;

/** The model: CONTRACT §8's row per group, from the distinct events (errors: success false or eventType "error"). */
function model(events: TelemetryEvent[], groupBy: GroupBy): Map<string | null, { count: number; errors: number; tokens: number; latencies: number[] }> {
  const rows = new Map<string | null, { count: number; errors: number; tokens: number; latencies: number[] }>();
  for (const e of events) {
    const key = groupBy === 'day' ? e.timestamp.slice(0, 10) : (e[groupBy] ?? null);
    const row = rows.get(key) ?? { count: 0, errors: 0, tokens: 0, latencies: [] };
    row.count++;
    if (e.success === false || e.eventType === 'error') row.errors++;
    row.tokens += e.tokensUsed ?? 0;
    if (e.executionTimeMs !== undefined) row.latencies.push(e.executionTimeMs);
    rows.set(key, row);
  }
  return rows;
}

async function argus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['cli/bin/argus.cjs', ...args], { cwd: REPO_ROOT, env: process.env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('analytics through the API: POST events → consumer → rollups and Parquet → GET rows and argus analytics query', () => {
  let user: TestUser;
  let events: TelemetryEvent[];
  const now = new Date();
  const from = new Date(now.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
  const to = now.toISOString().slice(0, 10);

  beforeAll(async () => {
    user = await newUser();
    const random = seeded(1612);
    events = telemetryEvents(N, { prefix: `api-${Date.now().toString(36)}`, now, days: 2, random });
    // Each event once, then 150 of them again (a client's retry): counted once.
    const retried = Array.from({ length: 150 }, () => events[Math.floor(random() * N)]!);
    for (const batch of [events.slice(0, 500), events.slice(500), retried]) {
      const res = await api('/v1/analytics/events', { token: user.token, body: { orgId: user.orgId, events: batch } });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: batch.length, rejected: [] });
    }
  }, 60_000);

  it.each(['eventType', 'commandName', 'agentId', 'day'] as const)('GET …/analytics?groupBy=%s: count, errors and tokens equal the model; p50/p95 within 2 %% of the exact quantiles', async (groupBy) => {
    const read = () => api<{ rows: Row[] }>(`/v1/orgs/${user.orgId}/analytics?from=${from}&to=${to}&groupBy=${groupBy}`, { token: user.token });
    const res = await eventually(read, (r) => r.status === 200 && r.body.rows.reduce((n, row) => n + row.count, 0) >= N, 45_000);
    const expected = model(events, groupBy);
    expect(res.body.rows.map((r) => r.key).sort()).toEqual([...expected.keys()].sort());
    for (const row of res.body.rows) {
      const want = expected.get(row.key)!;
      expect({ key: row.key, count: row.count, errors: row.errors, tokens: row.tokens }).toEqual({ key: row.key, count: want.count, errors: want.errors, tokens: want.tokens });
      for (const [q, got] of [[0.5, row.p50Ms], [0.95, row.p95Ms]] as const) {
        const exact = exactQuantile(want.latencies, q);
        if (exact === null) expect(got).toBeNull();
        else expect({ key: row.key, q, off: Math.abs(got! - exact) / exact <= 0.02 }).toEqual({ key: row.key, q, off: true });
      }
    }
  }, 60_000);

  it('npx argus analytics query reads the Parquet files in the local S3 with the same counts, each event once', async () => {
    const sql = `SELECT event_type, count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids FROM events WHERE org_id = '${user.orgId}' GROUP BY ALL ORDER BY event_type`;
    const want = [...model(events, 'eventType')].map(([key, row]) => ({ event_type: key, n: row.count, ids: row.count })).sort((a, b) => String(a.event_type).localeCompare(String(b.event_type)));
    const query = async () => {
      const res = await argus('analytics', 'query', sql, '--from', from, '--to', to, '--json');
      expect({ code: res.code, stderr: res.code ? res.stderr + res.stdout : '' }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(res.stdout) as { rows: { event_type: string; n: number; ids: number }[]; files: number };
    };
    const result = await eventually(query, (r) => r.rows.reduce((n, row) => n + row.n, 0) >= N, 60_000);
    expect(result.rows).toEqual(want);
    expect(result.files).toBeGreaterThan(0);
  }, 120_000);
});

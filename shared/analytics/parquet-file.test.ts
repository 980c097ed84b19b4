import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queryParquet } from '../../cli/analytics/query-parquet';
import { parquetFile } from './parquet-file';
import { RAW_EVENT_COLUMNS, rawEventRow, rawObjectKey } from './raw-events';
import { parquetObjectSink } from './raw-sink';

describe('raw event Parquet files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'argus-parquet-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const put = async (key: string, body: Uint8Array) => {
    mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    writeFileSync(path.join(dir, key), body);
  };

  it('DuckDB reads back every column and the day partition of what the writer wrote', async () => {
    const receivedAt = new Date('2026-11-30T12:00:00.000Z');
    const rows = [
      rawEventRow('org_1', { id: 'e1', eventType: 'command', timestamp: '2026-11-30T10:00:00.250Z', commandName: 'deploy', agentId: 'a#1', executionTimeMs: 12.5, tokensUsed: 3_000_000_000, llmProvider: 'openai', llmModel: 'gpt-5', success: true, deviceId: 'dev', version: '1.2.3', metadata: { k: ['v', 1] } }, 'user:u1', receivedAt),
      rawEventRow('org_1', { id: "e'2", eventType: 'error', timestamp: '2026-11-30T11:00:00.000Z', success: false, errorType: 'Timeout' }, null, receivedAt),
    ];
    const sink = parquetObjectSink(put);
    await sink.write({ messageId: 'msg-1', day: '2026-11-30', rows });
    const file = path.join(dir, rawObjectKey('2026-11-30', 'msg-1'));
    const result = await queryParquet([file], 'SELECT * FROM events ORDER BY event_time');
    expect(result.columns).toEqual([...RAW_EVENT_COLUMNS.map((c) => c.name), 'dt']);
    expect(result.rows[0]).toMatchObject({ id: 'e1', org_id: 'org_1', event_type: 'command', command_name: 'deploy', agent_id: 'a#1', execution_time_ms: 12.5, tokens_used: '3000000000', success: true, device_id: 'dev', version: '1.2.3', actor: 'user:u1', dt: '2026-11-30' });
    expect(JSON.parse(String(result.rows[0].metadata))).toEqual({ k: ['v', 1] });
    expect(String(result.rows[0].event_time)).toContain('2026-11-30 10:00:00.25');
    expect(result.rows[1]).toMatchObject({ id: "e'2", success: false, error_type: 'Timeout', command_name: null, execution_time_ms: null, tokens_used: null, actor: null });
  });

  it('a query over no files runs against an empty view with the same columns', async () => {
    const result = await queryParquet([], 'SELECT count(*) AS n FROM events');
    expect(result.rows).toEqual([{ n: '0' }]);
    const columns = await queryParquet([], 'SELECT * FROM events');
    expect(columns.columns).toEqual([...RAW_EVENT_COLUMNS.map((c) => c.name), 'dt']);
  });

  it('an empty file is still a valid Parquet file', async () => {
    expect((await parquetFile([])).byteLength).toBeGreaterThan(0);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLocalJson } from '../../infra/local/state';
import { downloadRawEvents } from '../analytics/download-raw';
import { queryParquet } from '../analytics/query-parquet';
import { UsageError, type CliCommand } from '../command';
import { resolveTarget } from '../target';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Most days one query downloads (a day is one listing plus its objects). */
const MAX_DAYS = 400;

export const analyticsQuery: CliCommand = {
  name: 'analytics query',
  summary: 'run SQL (DuckDB) over the raw telemetry in the analytics bucket, seen as the view `events`',
  usage: '"<SQL>" [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
  options: {
    from: { type: 'string', help: 'first UTC day (dt partition) to download; default: every day stored' },
    to: { type: 'string', help: 'last UTC day to download (default: --from, or every day)' },
  },
  examples: [
    `npx argus analytics query "SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC"`,
    `npx argus analytics query "SELECT command_name, quantile_cont(execution_time_ms, 0.95) AS p95 FROM events WHERE org_id = 'org_123' GROUP BY ALL" --from 2026-11-01 --to 2026-11-30 --json`,
    'ANALYTICS_BUCKET=argus-prod-analytics-123456789012-eu-west-1 AWS_REGION=eu-west-1 ARGUS_API_URL=https://api.example npx argus analytics query "SELECT count(*) FROM events" --from 2026-11-30',
  ],
  async run({ positionals, values }) {
    const [sql] = positionals;
    if (!sql || positionals.length > 1) throw new UsageError('give one SQL statement (quote it)');
    const from = optionalDate(values.from, 'from');
    const to = optionalDate(values.to, 'to');
    if (from && to && (to < from || (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_DAYS)) throw new UsageError(`--to must not be before --from, and the range at most ${MAX_DAYS} days`);

    const target = resolveTarget();
    if (target.kind === 'local') {
      const { s3 } = readLocalJson();
      process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
      process.env.ANALYTICS_BUCKET = s3.analyticsBucket;
    }
    const bucket = process.env.ANALYTICS_BUCKET;
    if (!bucket) throw new UsageError('ANALYTICS_BUCKET is required for a stage (the stack output AnalyticsBucketName)');
    // Loaded once the environment names the endpoint: the client reads it when it loads.
    const { s3 } = await import('../../shared/storage/s3');
    const dir = mkdtempSync(path.join(tmpdir(), 'argus-analytics-'));
    try {
      const files = await downloadRawEvents(s3, bucket, dir, { from, to });
      // A statement DuckDB refuses throws with DuckDB's reason: exit 1.
      const result = await queryParquet(files, sql);
      return {
        json: { columns: result.columns, rows: result.rows, files: files.length },
        text: `${table(result.columns, result.rows)}\n(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}; ${files.length} file${files.length === 1 ? '' : 's'} read)`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function optionalDate(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be a date, YYYY-MM-DD`);
  return value;
}

function table(columns: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

import type { Json } from '@duckdb/node-api';

export interface QueryResult {
  columns: string[];
  rows: Record<string, Json>[];
}

/**
 * Runs `sql` with DuckDB over raw event files on this machine, seen as a view named `events` (the Parquet columns plus
 * the `dt` partition read from the Hive-style path). DuckDB is a dev dependency: the CLI and tests use it, never a
 * Lambda. No files: the view is empty but has the columns, so a query still runs (and counts 0).
 */
export async function queryParquet(files: string[], sql: string): Promise<QueryResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(files.length ? `CREATE VIEW events AS SELECT * FROM read_parquet(${sqlList(files)}, hive_partitioning = true, union_by_name = true)` : `CREATE VIEW events AS ${EMPTY_EVENTS}`);
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sqlList(files: string[]): string {
  return `[${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
}

/** The raw table's columns with no rows (shared/analytics/raw-events.ts RAW_EVENT_COLUMNS, typed as DuckDB reads them). */
const EMPTY_EVENTS = `SELECT * FROM (VALUES (NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR, NULL::VARCHAR, NULL::DOUBLE, NULL::BIGINT, NULL::VARCHAR, NULL::VARCHAR, NULL::BOOLEAN, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR))
  AS t(id, org_id, event_type, event_time, received_at, command_name, agent_id, execution_time_ms, tokens_used, llm_provider, llm_model, success, error_type, device_id, version, metadata, actor, dt) WHERE false`;

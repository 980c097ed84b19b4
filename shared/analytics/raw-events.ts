import type { TelemetryEvent } from './validate-event';
import { eventDay } from './validate-event';

/**
 * The raw event table: one row per counted event, the same columns whether Firehose writes them (deployed: JSON
 * records converted to Parquet through the Glue table's schema) or the local consumer does (Parquet files written by
 * hyparquet-writer). The Glue table (infra/constructs/analytics-lake.ts) is built from this list, so the two cannot
 * drift. Snake case: Glue and Athena lower-case column names. Partition column `dt` (YYYY-MM-DD) is in the path.
 */
export const RAW_EVENT_COLUMNS = [
  { name: 'id', parquet: 'STRING', glue: 'string' },
  { name: 'org_id', parquet: 'STRING', glue: 'string' },
  { name: 'event_type', parquet: 'STRING', glue: 'string' },
  { name: 'event_time', parquet: 'TIMESTAMP', glue: 'timestamp' },
  { name: 'received_at', parquet: 'TIMESTAMP', glue: 'timestamp' },
  { name: 'command_name', parquet: 'STRING', glue: 'string' },
  { name: 'agent_id', parquet: 'STRING', glue: 'string' },
  { name: 'execution_time_ms', parquet: 'DOUBLE', glue: 'double' },
  { name: 'tokens_used', parquet: 'INT64', glue: 'bigint' },
  { name: 'llm_provider', parquet: 'STRING', glue: 'string' },
  { name: 'llm_model', parquet: 'STRING', glue: 'string' },
  { name: 'success', parquet: 'BOOLEAN', glue: 'boolean' },
  { name: 'error_type', parquet: 'STRING', glue: 'string' },
  { name: 'device_id', parquet: 'STRING', glue: 'string' },
  { name: 'version', parquet: 'STRING', glue: 'string' },
  /** The event's `metadata` as JSON text (query it with json_extract / json_extract_scalar). */
  { name: 'metadata', parquet: 'STRING', glue: 'string' },
  { name: 'actor', parquet: 'STRING', glue: 'string' },
] as const;

export type RawEventColumn = (typeof RAW_EVENT_COLUMNS)[number]['name'];
export type RawEventRow = Record<RawEventColumn, string | number | boolean | Date | null>;

/** Where raw events live in the analytics bucket: Hive-style day partitions (`events/dt=YYYY-MM-DD/`). */
export const RAW_EVENTS_PREFIX = 'events/';
export const rawPartitionPrefix = (day: string) => `${RAW_EVENTS_PREFIX}dt=${day}/`;

/**
 * The object of one queue message's events of one day. Named by the message so a redelivered message rewrites the
 * same object with the same events (exactly-once in the raw store as in the rollups; record-batch.ts).
 */
export function rawObjectKey(day: string, messageId: string): string {
  return `${rawPartitionPrefix(day)}${messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.parquet`;
}

export function rawEventRow(orgId: string, event: TelemetryEvent, actor: string | null, receivedAt: Date): RawEventRow {
  return {
    id: event.id,
    org_id: orgId,
    event_type: event.eventType,
    event_time: new Date(event.timestamp),
    received_at: receivedAt,
    command_name: event.commandName ?? null,
    agent_id: event.agentId ?? null,
    execution_time_ms: event.executionTimeMs ?? null,
    tokens_used: event.tokensUsed ?? null,
    llm_provider: event.llmProvider ?? null,
    llm_model: event.llmModel ?? null,
    success: event.success ?? null,
    error_type: event.errorType ?? null,
    device_id: event.deviceId ?? null,
    version: event.version ?? null,
    metadata: event.metadata === undefined ? null : JSON.stringify(event.metadata),
    actor,
  };
}

export { eventDay };

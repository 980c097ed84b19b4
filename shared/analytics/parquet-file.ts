import { RAW_EVENT_COLUMNS, type RawEventRow } from './raw-events';

/**
 * Rows of the raw event table as one Parquet file (hyparquet-writer: pure JS, Snappy-compressed pages, column
 * statistics). Loaded lazily: the package is ESM-only and only the local raw sink and tests need it.
 */
export async function parquetFile(rows: RawEventRow[]): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const buffer = parquetWriteBuffer({
    columnData: RAW_EVENT_COLUMNS.map((c) => ({ name: c.name, type: c.parquet, data: rows.map((r) => physical(c.parquet, r[c.name])) })),
    createdBy: 'argus analytics',
  });
  return new Uint8Array(buffer);
}

/** INT64 columns take bigints. */
function physical(type: string, value: RawEventRow[keyof RawEventRow]): unknown {
  return type === 'INT64' && typeof value === 'number' ? BigInt(value) : value;
}

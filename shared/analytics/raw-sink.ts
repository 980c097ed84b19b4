import type { RawEventRow } from './raw-events';
import { parquetFile } from './parquet-file';
import { rawObjectKey } from './raw-events';

/** The counted events of one queue message on one day: what the raw store receives in one piece. */
export interface RawEventFile {
  messageId: string;
  day: string;
  rows: RawEventRow[];
}

/**
 * Where raw events go (CONTRACT §8): deployed, a Firehose stream that converts to Parquet (firehose-sink.ts); locally,
 * Parquet objects in the local S3's analytics bucket (parquetObjectSink). A write that throws fails its message, which
 * is then redelivered and written again (same object, same rows).
 */
export interface RawEventSink {
  write(file: RawEventFile): Promise<void>;
}

/** Stores a named object (the local S3 bucket, or a directory in tests). */
export type PutObject = (key: string, body: Uint8Array) => Promise<void>;

/** Writes each message's rows of a day as the Parquet object `events/dt=<day>/<messageId>.parquet`. */
export function parquetObjectSink(put: PutObject): RawEventSink {
  return {
    async write(file) {
      await put(rawObjectKey(file.day, file.messageId), await parquetFile(file.rows));
    },
  };
}

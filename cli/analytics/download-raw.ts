import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { RAW_EVENTS_PREFIX, rawPartitionPrefix } from '../../shared/analytics/raw-events';

const DAY_MS = 86_400_000;

/**
 * Downloads the raw event objects of the days `from`..`to` (inclusive; all days when not given) from the analytics
 * bucket into `dir`, keeping their keys as paths (so `dt=` partitions survive for DuckDB's hive partitioning).
 * DuckDB's httpfs extension would read S3 directly, but it is downloaded at run time, which this project cannot rely on.
 */
export async function downloadRawEvents(s3: S3Client, bucket: string, dir: string, range: { from?: string; to?: string }): Promise<string[]> {
  const prefixes = range.from || range.to ? dayPrefixes(range.from ?? range.to!, range.to ?? range.from!) : [RAW_EVENTS_PREFIX];
  const keys: string[] = [];
  for (const prefix of prefixes) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key?.endsWith('.parquet')) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  const files: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, keys.length) }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const file = path.join(dir, ...key.split('/'));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, await object.Body!.transformToByteArray());
        files.push(file);
      }
    }),
  );
  return files.sort();
}

function dayPrefixes(from: string, to: string): string[] {
  const prefixes: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) prefixes.push(rawPartitionPrefix(new Date(t).toISOString().slice(0, 10)));
  return prefixes;
}

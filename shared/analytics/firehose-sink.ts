import { createHash, createHmac, type BinaryLike } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RawEventRow } from './raw-events';
import type { RawEventSink } from './raw-sink';

/** PutRecordBatch limits: 500 records and 4 MiB per call. */
const RECORDS_PER_CALL = 500;
const BYTES_PER_CALL = 4 * 1024 * 1024 - 64 * 1024;
const MAX_ATTEMPTS = 4;

export interface FirehoseSinkOptions {
  streamName: string;
  region: string;
  /** Lambda's role credentials come in the environment. */
  credentials: () => { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Test seam. */
  fetch?: typeof fetch;
}

/**
 * The deployed raw store: each row becomes one JSON record (newline-terminated) on the Firehose stream, which converts
 * records to Parquet through the Glue table's schema and writes them under `events/dt=<event day>/`
 * (infra/constructs/analytics-lake.ts). Records Firehose reports as failed are sent again; what still fails throws, so
 * the message is redelivered. Firehose delivers at least once: a redelivered message may store an event twice in S3,
 * which Athena queries dedupe by `(org_id, id)` (the rollups are exact either way).
 *
 * Spoken to over its JSON API with a SigV4 signature: `@aws-sdk/client-firehose` is not a dependency of this
 * repository yet (swap this for it when it is; the interface stays).
 */
export function firehoseSink(options: FirehoseSinkOptions): RawEventSink {
  const send = options.fetch ?? fetch;
  const endpoint = `https://firehose.${options.region}.amazonaws.com/`;
  return {
    async write(file) {
      const records = file.rows.map(firehoseRecord);
      for (const batch of batches(records)) {
        let pending = batch;
        let lastError = '';
        for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.length; attempt++) {
          if (attempt > 1) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
          const body = JSON.stringify({ DeliveryStreamName: options.streamName, Records: pending.map((data) => ({ Data: Buffer.from(data).toString('base64') })) });
          const signer = new SignatureV4({ service: 'firehose', region: options.region, credentials: options.credentials(), sha256: Sha256 });
          const url = new URL(endpoint);
          const signed = await signer.sign({
            method: 'POST',
            protocol: url.protocol,
            hostname: url.hostname,
            path: url.pathname,
            headers: { host: url.hostname, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecordBatch' },
            body,
          });
          const response = await send(endpoint, { method: 'POST', headers: signed.headers, body }).catch((error: Error) => error);
          if (response instanceof Error || !response.ok) {
            lastError = response instanceof Error ? response.name : `HTTP ${response.status}`;
            continue;
          }
          const answer = (await response.json()) as { FailedPutCount?: number; RequestResponses?: { ErrorCode?: string }[] };
          const results = answer.RequestResponses ?? [];
          pending = pending.filter((_, i) => results[i]?.ErrorCode);
          if (pending.length) lastError = String(results.find((r) => r.ErrorCode)?.ErrorCode);
        }
        if (pending.length) throw new Error(`Firehose refused ${pending.length} records (${lastError})`);
      }
    },
  };
}

/**
 * A row as the JSON the stream's OpenX SerDe reads: column names as keys, timestamps in Hive's default
 * `yyyy-MM-dd HH:mm:ss.SSS` (UTC), which needs no timestamp format configured.
 */
export function firehoseRecord(row: RawEventRow): string {
  const json: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) json[key] = value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : value;
  return `${JSON.stringify(json)}\n`;
}

function* batches(records: string[]): Generator<string[]> {
  let current: string[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = Buffer.byteLength(r) * 1.4;
    if (current.length && (current.length >= RECORDS_PER_CALL || bytes + size > BYTES_PER_CALL)) {
      yield current;
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) yield current;
}

/** The SHA-256 (and HMAC-SHA-256 with a secret) the signer needs, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): BinaryLike {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

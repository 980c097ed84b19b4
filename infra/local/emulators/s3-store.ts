import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * fauxqs keeps S3 objects in memory only, but the local stack promises that data survives a restart (CONTRACT §2):
 * synced objects' metadata lives in DynamoDB Local, so their bytes must live on disk too. This store is fauxqs's own
 * S3Store with every change written through to `<dir>/<bucket>/<sha256(key)>.{body,json}` and reloaded at start.
 *
 * fauxqs exports its stores from no public entry point (its package `exports` name only `dist/app.js`), so they are
 * loaded from their files inside the installed package; `buildApp({ stores })` is its documented way to pass them in.
 */
interface StoredObject {
  key: string;
  body: Buffer;
  contentType: string;
  contentLength: number;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

/** The part of fauxqs's S3Store this file relies on (checked against fauxqs 1.9.2's dist/s3/s3Store.js). */
interface FauxqsS3Store {
  buckets: Map<string, Map<string, StoredObject>>;
  createBucket(name: string): void;
  deleteBucket(name: string): void;
  putObject(bucket: string, key: string, body: Buffer, contentType?: string, metadata?: Record<string, string>): StoredObject;
  deleteObject(bucket: string, key: string): void;
  completeMultipartUpload(uploadId: string, parts: unknown): StoredObject;
  multipartUploads: Map<string, { bucket: string }>;
  emptyBucket(name: string): void;
  clearObjects(): void;
  purgeAll(): void;
}
type StoreClass = new () => FauxqsS3Store;

export interface FauxqsStores {
  sqsStore: unknown;
  snsStore: unknown;
  s3Store: FauxqsS3Store;
}

function fauxqsDist(): string {
  // `require.resolve('fauxqs')` fails (ESM-only exports); the package directory is found on the usual lookup paths.
  for (const dir of require.resolve.paths('fauxqs') ?? []) {
    const dist = path.join(dir, 'fauxqs', 'dist');
    if (existsSync(path.join(dist, 's3', 's3Store.js'))) return dist;
  }
  throw new Error('fauxqs is not installed');
}

const loadClass = async (dist: string, file: string, name: string) =>
  ((await import(pathToFileURL(path.join(dist, file)).href)) as Record<string, new () => unknown>)[name];

/** fauxqs's three stores, S3 backed by `dir` (created if missing, reloaded if present). */
export async function fauxqsStores(dir: string): Promise<FauxqsStores> {
  const dist = fauxqsDist();
  const [SqsStore, SnsStore, S3Store] = await Promise.all([
    loadClass(dist, 'sqs/sqsStore.js', 'SqsStore'),
    loadClass(dist, 'sns/snsStore.js', 'SnsStore'),
    loadClass(dist, 's3/s3Store.js', 'S3Store') as Promise<StoreClass>,
  ]);
  const s3Store = diskBacked(S3Store, dir);
  return { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store };
}

function diskBacked(Base: StoreClass, dir: string): FauxqsS3Store {
  mkdirSync(dir, { recursive: true });
  const bucketDir = (bucket: string) => path.join(dir, bucket);
  const fileOf = (bucket: string, key: string) => path.join(bucketDir(bucket), createHash('sha256').update(key).digest('hex'));
  const save = (bucket: string, obj: StoredObject) => {
    const file = fileOf(bucket, obj.key);
    writeFileSync(`${file}.body`, obj.body);
    const { body: _body, ...meta } = obj;
    writeFileSync(`${file}.json`, JSON.stringify(meta));
  };
  const remove = (bucket: string, key: string) => {
    for (const ext of ['.body', '.json']) if (existsSync(fileOf(bucket, key) + ext)) unlinkSync(fileOf(bucket, key) + ext);
  };
  const clear = (bucket: string) => {
    rmSync(bucketDir(bucket), { recursive: true, force: true });
    mkdirSync(bucketDir(bucket), { recursive: true });
  };

  class DiskBackedS3Store extends Base {
    override createBucket(name: string): void {
      super.createBucket(name);
      mkdirSync(bucketDir(name), { recursive: true });
    }
    override deleteBucket(name: string): void {
      super.deleteBucket(name);
      rmSync(bucketDir(name), { recursive: true, force: true });
    }
    override putObject(bucket: string, key: string, body: Buffer, contentType?: string, metadata?: Record<string, string>): StoredObject {
      const obj = super.putObject(bucket, key, body, contentType, metadata);
      save(bucket, obj);
      return obj;
    }
    override completeMultipartUpload(uploadId: string, parts: unknown): StoredObject {
      const bucket = this.multipartUploads.get(uploadId)?.bucket;
      const obj = super.completeMultipartUpload(uploadId, parts);
      if (bucket) save(bucket, obj);
      return obj;
    }
    override deleteObject(bucket: string, key: string): void {
      super.deleteObject(bucket, key);
      remove(bucket, key);
    }
    override emptyBucket(name: string): void {
      super.emptyBucket(name);
      if (this.buckets.has(name)) clear(name);
    }
    override clearObjects(): void {
      super.clearObjects();
      for (const name of this.buckets.keys()) clear(name);
    }
    override purgeAll(): void {
      for (const name of this.buckets.keys()) rmSync(bucketDir(name), { recursive: true, force: true });
      super.purgeAll();
    }
  }

  const store = new DiskBackedS3Store();
  // Reload: every bucket directory is a bucket, every `.json` beside its `.body` an object.
  for (const bucket of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    store.createBucket(bucket);
    const objects = store.buckets.get(bucket)!;
    for (const file of readdirSync(bucketDir(bucket)).filter((f) => f.endsWith('.json'))) {
      const base = path.join(bucketDir(bucket), file.slice(0, -'.json'.length));
      if (!existsSync(`${base}.body`)) continue;
      const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Omit<StoredObject, 'body' | 'lastModified'> & { lastModified: string };
      objects.set(meta.key, { ...meta, body: readFileSync(`${base}.body`), lastModified: new Date(meta.lastModified) });
    }
  }
  return store;
}

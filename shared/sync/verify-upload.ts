import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { ValidationError } from '../errors';
import { s3 } from '../storage/s3';
import { syncBucket } from '../storage/sync-bucket';
import { checksumHeader } from './upload-url';

/**
 * Checks, before a version is committed, that the bytes stored under `key` are the ones declared: the stored length,
 * then the SHA-256. On S3 the signed upload already enforced both and the object carries its full-object SHA-256
 * (HeadObject with checksum mode), so no byte is read; where the store kept no checksum (the local emulator, which checks
 * neither signatures nor checksums) the object is read and hashed. Anything else is refused (400) and the stray bytes
 * deleted, so the client can upload again with its URL while it lives.
 */
export async function verifyUpload(key: string, checksum: string, sizeBytes: number): Promise<void> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: syncBucket, Key: key, ChecksumMode: 'ENABLED' })).catch((error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    if (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  });
  if (!head) throw new ValidationError([{ path: 'upload', message: 'nothing has been uploaded for this version yet' }], 'The upload is missing');
  const refuse = async (path: string, message: string) => {
    await s3.send(new DeleteObjectCommand({ Bucket: syncBucket, Key: key }));
    return new ValidationError([{ path, message }], 'The uploaded bytes are not the ones declared');
  };
  if (head.ContentLength !== sizeBytes) throw await refuse('sizeBytes', `uploaded ${head.ContentLength} bytes, declared ${sizeBytes}`);
  const expected = checksumHeader(checksum);
  const stored = head.ChecksumSHA256 && head.ChecksumType !== 'COMPOSITE' ? head.ChecksumSHA256 : await hashObject(key);
  if (stored !== expected) throw await refuse('checksum', 'the uploaded bytes do not have the declared SHA-256');
}

async function hashObject(key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: syncBucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from '../storage/s3';
import { syncBucket } from '../storage/sync-bucket';

/** Upload and download URLs live 15 minutes at most (CONTRACT §8). */
export const URL_LIFETIME_SECONDS = 15 * 60;

/** `sha256:<hex>` (the contract's form) as S3's `x-amz-checksum-sha256` (base64 of the digest). */
export function checksumHeader(checksum: string): string {
  return Buffer.from(checksum.slice('sha256:'.length), 'hex').toString('base64');
}

export interface UploadUrl {
  url: string;
  /** Headers the client must send with the PUT (signed: S3 refuses the upload without them or with other values). */
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * A presigned PUT of exactly `sizeBytes` bytes whose SHA-256 is `checksum`: `content-length` and
 * `x-amz-checksum-sha256` are signed headers, so S3 refuses another length (the signature fails) and other bytes
 * (the checksum fails). The checksum header is kept out of the query string: S3 checks it only as a header.
 * `content-length` is not in the returned headers because HTTP clients set it from the body themselves (fetch must).
 */
export async function presignUpload(key: string, checksum: string, sizeBytes: number, now = new Date()): Promise<UploadUrl> {
  const checksumBase64 = checksumHeader(checksum);
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: syncBucket, Key: key, ContentLength: sizeBytes, ChecksumSHA256: checksumBase64 }), {
    expiresIn: URL_LIFETIME_SECONDS,
    signingDate: now,
    signableHeaders: new Set(['content-length']),
    unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
  });
  return { url, headers: { 'x-amz-checksum-sha256': checksumBase64 }, expiresAt: new Date(now.getTime() + URL_LIFETIME_SECONDS * 1000) };
}

/** A presigned GET of one stored version, served as an attachment named after the object's path. */
export async function presignDownload(key: string, fileName: string, now = new Date()): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: syncBucket, Key: key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` }),
    { expiresIn: URL_LIFETIME_SECONDS, signingDate: now },
  );
}

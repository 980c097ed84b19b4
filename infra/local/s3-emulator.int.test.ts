import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { localStack } from './testing/local-stack';

/**
 * The local S3 (fauxqs, on the SQS emulator's endpoint) as sync and analytics rely on it: both buckets provisioned,
 * presigned URLs usable with plain fetch. It also pins down what the emulator does NOT check, which is why the sync
 * commit step re-reads the stored bytes instead of trusting the upload (shared/sync/verify-upload.ts).
 */
describe('local S3', () => {
  const info = localStack();
  const s3 = new S3Client({ region: info.region, endpoint: info.s3.endpoint, forcePathStyle: true, credentials: { ...info.credentials }, requestChecksumCalculation: 'WHEN_REQUIRED' });
  afterAll(() => s3.destroy());
  const sha256 = (body: Buffer | string) => createHash('sha256').update(body).digest('base64');

  it('lists both buckets in local.json and has them provisioned', async () => {
    expect(info.s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const Bucket of [info.s3.syncBucket, info.s3.analyticsBucket]) await expect(s3.send(new HeadBucketCommand({ Bucket }))).resolves.toBeDefined();
  });

  it('takes a presigned PUT from plain fetch and serves the bytes back through a presigned GET', async () => {
    const body = Buffer.from(`hello ${Date.now()}`);
    const Key = `test/emulator/${Date.now()}`;
    const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: info.s3.syncBucket, Key, ContentLength: body.length, ChecksumSHA256: sha256(body) }), {
      expiresIn: 60,
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    const uploaded = await fetch(put, { method: 'PUT', body, headers: { 'x-amz-checksum-sha256': sha256(body) } });
    expect(uploaded.status).toBe(200);
    const get = await getSignedUrl(s3, new GetObjectCommand({ Bucket: info.s3.syncBucket, Key }), { expiresIn: 60 });
    const downloaded = await fetch(get);
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(body);
  });

  it('does not enforce the signed checksum or the signature (unlike S3): a mismatching upload is stored as sent', async () => {
    const Key = `test/emulator/unchecked-${Date.now()}`;
    const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: info.s3.syncBucket, Key, ChecksumSHA256: sha256('the declared bytes') }), {
      expiresIn: 60,
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    const tampered = put.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=' + '0'.repeat(64));
    const res = await fetch(tampered, { method: 'PUT', body: 'other bytes', headers: { 'x-amz-checksum-sha256': sha256('the declared bytes') } });
    expect(res.status).toBe(200);
    const stored = await s3.send(new GetObjectCommand({ Bucket: info.s3.syncBucket, Key }));
    expect(await stored.Body!.transformToString()).toBe('other bytes');
  });
});

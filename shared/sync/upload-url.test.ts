process.env.SYNC_BUCKET = 'argus-test-sync';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_ENDPOINT_URL_S3;

import { createHash } from 'node:crypto';

// Loaded after the settings above (imports would be evaluated first); the bucket's name is read when its module loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checksumHeader, presignDownload, presignUpload, URL_LIFETIME_SECONDS } = require('./upload-url') as typeof import('./upload-url');

/** The presigned URLs as AWS would receive them (the local emulator checks none of this; ARCHITECTURE). */
describe('sync upload and download URLs', () => {
  const bytes = Buffer.from('hello sync');
  const checksum = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const now = new Date('2026-12-02T07:00:00Z');

  it('bind the length and the SHA-256 as signed headers, the checksum sent as a header (S3 ignores it in the query)', async () => {
    const upload = await presignUpload('objects/org_1/so_1/1', checksum, bytes.length, now);
    const url = new URL(upload.url);
    expect(url.host).toBe('argus-test-sync.s3.us-east-1.amazonaws.com');
    expect(url.pathname).toBe('/objects/org_1/so_1/1');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host;x-amz-checksum-sha256');
    expect(url.searchParams.has('x-amz-checksum-sha256')).toBe(false);
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(upload.headers).toEqual({ 'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64') });
    expect(checksumHeader(checksum)).toBe(upload.headers['x-amz-checksum-sha256']);
  });

  it('expire within 15 minutes', async () => {
    const upload = await presignUpload('k', checksum, bytes.length, now);
    expect(new URL(upload.url).searchParams.get('X-Amz-Expires')).toBe(String(URL_LIFETIME_SECONDS));
    expect(URL_LIFETIME_SECONDS).toBeLessThanOrEqual(900);
    expect(upload.expiresAt.getTime() - now.getTime()).toBe(URL_LIFETIME_SECONDS * 1000);
    expect(new URL(upload.url).searchParams.get('X-Amz-Date')).toBe('20261202T070000Z');
    const download = new URL(await presignDownload('k', 'MEMORY.md', now));
    expect(download.searchParams.get('X-Amz-Expires')).toBe(String(URL_LIFETIME_SECONDS));
    expect(download.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(download.searchParams.get('response-content-disposition')).toBe("attachment; filename*=UTF-8''MEMORY.md");
  });

  it('change the signature when the length or the checksum changes', async () => {
    const signature = async (size: number, sum: string) => new URL((await presignUpload('k', sum, size, now)).url).searchParams.get('X-Amz-Signature');
    const base = await signature(bytes.length, checksum);
    expect(await signature(bytes.length + 1, checksum)).not.toBe(base);
    expect(await signature(bytes.length, `sha256:${'0'.repeat(64)}`)).not.toBe(base);
    expect(await signature(bytes.length, checksum)).toBe(base);
  });
});

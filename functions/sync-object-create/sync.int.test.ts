import '../../infra/local/testing/local-env';
import { createHash } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { api, eventually, localStack, TEST_CLIENT_IP } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser, type TestUser } from '../../infra/local/testing/users';
import { syncKeys, syncS3Key } from '../../shared/db/sync-objects';

/**
 * Sync end to end on the local stack (CONTRACT §8): presigned upload with plain fetch, commit, 302 download, conflicts,
 * restore, delete, storage_gb usage and the explorer's 1 GB hard cap.
 */
const info = localStack();
const s3 = new S3Client({ region: info.region, endpoint: info.s3.endpoint, forcePathStyle: true, credentials: { ...info.credentials } });
const table = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
afterAll(() => {
  s3.destroy();
  table.destroy();
});

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

interface Ticket {
  objectId: string;
  version: number;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  uploadExpiresAt: string;
}

async function create(user: TestUser, body: Record<string, unknown>) {
  return api<Ticket & { error?: any }>('/v1/sync/objects', { token: user.token, body: { orgId: user.orgId, objectType: 'memory_context', deviceId: 'laptop', ...body } });
}

async function upload(ticket: Ticket, bytes: Buffer): Promise<number> {
  const res = await fetch(ticket.uploadUrl, { method: 'PUT', body: bytes, headers: ticket.uploadHeaders });
  await res.arrayBuffer();
  return res.status;
}

const commit = (user: TestUser, t: { objectId: string; version: number }) => api(`/v1/sync/objects/${t.objectId}/versions/${t.version}/commit`, { method: 'POST', token: user.token });

/** The 302's target, then its bytes (plain fetch, no Argus credentials on the presigned GET). */
async function download(user: TestUser, objectId: string, version?: number): Promise<{ status: number; bytes?: Buffer }> {
  const query = version === undefined ? '' : `?version=${version}`;
  const res = await fetch(`${info.apiUrl}/v1/sync/objects/${objectId}/download${query}`, {
    redirect: 'manual',
    headers: { authorization: `Bearer ${user.token}`, 'x-forwarded-for': TEST_CLIENT_IP },
  });
  await res.arrayBuffer();
  if (res.status !== 302) return { status: res.status };
  const target = res.headers.get('location')!;
  expect(target).toContain('X-Amz-Signature=');
  return { status: 302, bytes: Buffer.from(await (await fetch(target)).arrayBuffer()) };
}

/** Uploads `bytes` as a new version on top of `baseVersion` and commits it. */
async function put(user: TestUser, objectPath: string, bytes: Buffer, baseVersion?: number) {
  const created = await create(user, { objectPath, checksum: sha256(bytes), sizeBytes: bytes.length, baseVersion });
  expect(created.status).toBe(201);
  expect(await upload(created.body, bytes)).toBe(200);
  const committed = await commit(user, created.body);
  expect(committed.status).toBe(200);
  return committed.body;
}

describe('sync', () => {
  it('uploads through the presigned URL with plain fetch, commits, lists, and downloads the same bytes through the 302', async () => {
    const user = await newUser();
    const bytes = Buffer.from(`# memory\nfirst version ${Date.now()}\n`);
    const created = await create(user, { objectPath: 'agents/main/MEMORY.md', checksum: sha256(bytes), sizeBytes: bytes.length });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      objectId: expect.stringMatching(/^so_[0-9a-f]{24}$/),
      version: 1,
      uploadUrl: expect.stringContaining('X-Amz-SignedHeaders=content-length%3Bhost%3Bx-amz-checksum-sha256'),
      uploadHeaders: { 'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64') },
      uploadExpiresAt: expect.any(String),
    });
    const lifetime = Date.parse(created.body.uploadExpiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(10 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
    // Not committed yet: nothing to list or download.
    expect((await api(`/v1/sync/objects?orgId=${user.orgId}`, { token: user.token })).body).toEqual({ objects: [], nextCursor: null });
    expect((await download(user, created.body.objectId)).status).toBe(404);

    expect(await upload(created.body, bytes)).toBe(200);
    const committed = await commit(user, created.body);
    expect(committed.status).toBe(200);
    expect(committed.body).toEqual({ objectId: created.body.objectId, version: 1, checksum: sha256(bytes), sizeBytes: bytes.length, committedAt: expect.any(String) });
    // A repeated commit answers the same (idempotent).
    expect((await commit(user, created.body)).body).toEqual(committed.body);

    const listed = await api(`/v1/sync/objects?orgId=${user.orgId}&objectType=memory_context`, { token: user.token });
    expect(listed.body).toEqual({
      objects: [{ objectId: created.body.objectId, orgId: user.orgId, objectType: 'memory_context', objectPath: 'agents/main/MEMORY.md', version: 1, checksum: sha256(bytes), sizeBytes: bytes.length, deviceId: 'laptop', committedAt: committed.body.committedAt }],
      nextCursor: null,
    });
    expect((await api(`/v1/sync/objects?orgId=${user.orgId}&objectType=project_config`, { token: user.token })).body.objects).toEqual([]);
    expect(await download(user, created.body.objectId)).toEqual({ status: 302, bytes });
    expect(await download(user, created.body.objectId, 1)).toEqual({ status: 302, bytes });

    // Stored bytes count toward storage_gb (a level: kilobyte resolution, rounded up).
    const usage = await eventually(
      () => api(`/v1/orgs/${user.orgId}/usage/storage_gb`, { token: user.token }),
      (r) => r.body?.total > 0,
    );
    expect(usage.body.total).toBe(0.000001);

    // Objects belong to their user: another member of the org, and a stranger, see nothing.
    const colleague = await newMemberOf(user.token, user.orgId);
    expect((await api(`/v1/sync/objects/${created.body.objectId}/versions`, { token: colleague.token })).status).toBe(404);
    expect((await download(colleague, created.body.objectId)).status).toBe(404);
    expect((await api(`/v1/sync/objects?orgId=${user.orgId}`, { token: colleague.token })).body.objects).toEqual([]);
    const stranger = await newUser();
    expect((await api(`/v1/sync/objects?orgId=${user.orgId}`, { token: stranger.token })).status).toBe(404);
    expect((await create(stranger, { orgId: user.orgId, objectPath: 'x', checksum: sha256(bytes), sizeBytes: 1 })).status).toBe(404);
  });

  it('refuses at commit bytes whose checksum or size differ from the declared ones, and takes a correct re-upload', async () => {
    const user = await newUser();
    const bytes = Buffer.from('the declared content');
    const created = await create(user, { objectPath: 'project.json', objectType: 'project_config', checksum: sha256(bytes), sizeBytes: bytes.length });
    const key = syncS3Key(user.orgId, created.body.objectId, 1);

    // Same length, other bytes: the emulator stores them (it checks no checksum); the commit does not.
    expect(await upload(created.body, Buffer.from('THE DECLARED CONTENT'))).toBe(200);
    const wrongChecksum = await commit(user, created.body);
    expect(wrongChecksum.status).toBe(400);
    expect(wrongChecksum.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'checksum', message: expect.stringContaining('SHA-256') }] });
    await expect(s3.send(new HeadObjectCommand({ Bucket: info.s3.syncBucket, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });

    expect(await upload(created.body, Buffer.from('shorter'))).toBe(200);
    const wrongSize = await commit(user, created.body);
    expect(wrongSize.status).toBe(400);
    expect(wrongSize.body.error.details).toEqual([{ path: 'sizeBytes', message: `uploaded 7 bytes, declared ${bytes.length}` }]);

    expect((await commit(user, created.body)).body.error.details).toEqual([{ path: 'upload', message: 'nothing has been uploaded for this version yet' }]);
    expect((await api(`/v1/sync/objects/${created.body.objectId}/versions`, { token: user.token })).body.versions).toEqual([]);

    expect(await upload(created.body, bytes)).toBe(200);
    expect((await commit(user, created.body)).status).toBe(200);
  });

  it('lets one of two devices on the same base win; the other gets 409 with the latest version; restore and delete', async () => {
    const user = await newUser();
    const path = 'agents/shared/context.md';
    const v1 = Buffer.from('version one');
    const first = await put(user, path, v1);

    // Creating it again needs the latest committed version as base.
    const noBase = await create(user, { objectPath: path, checksum: sha256(v1), sizeBytes: v1.length });
    expect(noBase.status).toBe(409);
    expect(noBase.body.error).toMatchObject({ code: 'conflict', details: [{ path: 'baseVersion', message: 'latest committed version is 1' }] });

    const laptopBytes = Buffer.from('edited on the laptop');
    const desktopBytes = Buffer.from('edited on the desktop!');
    const laptop = await create(user, { objectPath: path, checksum: sha256(laptopBytes), sizeBytes: laptopBytes.length, baseVersion: 1, deviceId: 'laptop' });
    const desktop = await create(user, { objectPath: path, checksum: sha256(desktopBytes), sizeBytes: desktopBytes.length, baseVersion: 1, deviceId: 'desktop' });
    expect([laptop.status, desktop.status]).toEqual([201, 201]);
    expect(laptop.body.objectId).toBe(first.objectId);
    expect(desktop.body.objectId).toBe(first.objectId);
    expect(await upload(laptop.body, laptopBytes)).toBe(200);
    expect(await upload(desktop.body, desktopBytes)).toBe(200);

    const [a, b] = await Promise.all([commit(user, laptop.body), commit(user, desktop.body)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(loser.body.error).toMatchObject({ code: 'conflict', details: [{ path: 'baseVersion', message: `latest committed version is ${winner.body.version}` }] });
    const winnerBytes = winner === a ? laptopBytes : desktopBytes;
    expect(await download(user, first.objectId)).toEqual({ status: 302, bytes: winnerBytes });
    // A stale base is refused when asking for an upload, too.
    expect((await create(user, { objectPath: path, checksum: sha256(v1), sizeBytes: v1.length, baseVersion: 1 })).status).toBe(409);

    const restored = await api(`/v1/sync/objects/${first.objectId}/restore`, { token: user.token, body: { version: 1 } });
    expect(restored.status).toBe(201);
    expect(restored.body).toEqual({ objectId: first.objectId, version: expect.any(Number), checksum: sha256(v1), sizeBytes: v1.length, committedAt: expect.any(String), restoredFrom: 1 });
    expect(restored.body.version).toBeGreaterThan(winner.body.version);
    expect(await download(user, first.objectId)).toEqual({ status: 302, bytes: v1 });
    expect(await download(user, first.objectId, winner.body.version)).toEqual({ status: 302, bytes: winnerBytes });

    const versions = await api(`/v1/sync/objects/${first.objectId}/versions?limit=2`, { token: user.token });
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([restored.body.version, winner.body.version]);
    expect(versions.body.versions[0]).toMatchObject({ restoredFrom: 1, checksum: sha256(v1) });
    const rest = await api(`/v1/sync/objects/${first.objectId}/versions?limit=2&cursor=${versions.body.nextCursor}`, { token: user.token });
    expect(rest.body).toEqual({ versions: [expect.objectContaining({ version: 1, restoredFrom: null, deviceId: 'laptop' })], nextCursor: null });

    // Stored bytes: every retained version (1, the winner, the restore).
    const total = v1.length + winnerBytes.length + v1.length;
    await eventually(
      () => api(`/v1/orgs/${user.orgId}/usage/storage_gb`, { token: user.token }),
      (r) => r.body?.total === Math.ceil(total / 1000) / 1e6,
    );

    const deleted = await api(`/v1/sync/objects/${first.objectId}`, { method: 'DELETE', token: user.token });
    expect(deleted.status).toBe(204);
    expect((await api(`/v1/sync/objects/${first.objectId}`, { method: 'DELETE', token: user.token })).status).toBe(204);
    expect((await api(`/v1/sync/objects?orgId=${user.orgId}`, { token: user.token })).body.objects).toEqual([]);
    expect((await download(user, first.objectId)).status).toBe(404);
    expect((await api(`/v1/sync/objects/${first.objectId}/versions`, { token: user.token })).status).toBe(404);
    await expect(s3.send(new HeadObjectCommand({ Bucket: info.s3.syncBucket, Key: syncS3Key(user.orgId, first.objectId, 1) }))).rejects.toMatchObject({ name: 'NotFound' });
    // The path is free again: a new object, no base needed.
    const again = await put(user, path, v1);
    expect(again.objectId).not.toBe(first.objectId);
    expect(again.version).toBe(1);
  });

  it("refuses an explorer org's uploads past its 1 GB hard cap (402), when asking for the URL and again at commit", async () => {
    const user = await newUser();
    const bytes = Buffer.from('ten bytes!');
    // The cap is checked on the declared size before any URL is issued: no gigabyte needs to move.
    expect((await create(user, { objectPath: 'huge.bin', checksum: sha256(bytes), sizeBytes: 1_000_000_001 })).status).toBe(402);
    expect((await create(user, { objectPath: 'exactly-1gb.bin', checksum: sha256(bytes), sizeBytes: 1_000_000_000 })).status).toBe(201);

    const pending = await create(user, { objectPath: 'small.txt', checksum: sha256(bytes), sizeBytes: bytes.length });
    expect(pending.status).toBe(201);
    expect(await upload(pending.body, bytes)).toBe(200);
    // Another device fills the org to 5 bytes under the cap meanwhile (written as the committed total it would leave).
    await table.send(new PutCommand({ TableName: info.dynamodb.tableName, Item: { ...syncKeys.storage(user.orgId), storedBytes: 999_999_995, changes: 1 } }));

    const refused = await commit(user, pending.body);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('upgrade_required');
    expect((await create(user, { objectPath: 'more.txt', checksum: sha256(bytes), sizeBytes: 6 })).status).toBe(402);
    expect((await create(user, { objectPath: 'more.txt', checksum: sha256(bytes), sizeBytes: 5 })).status).toBe(201);
  });

  it('validates requests', async () => {
    const user = await newUser();
    const bad = await create(user, { objectPath: '', checksum: 'md5:abc', sizeBytes: -1, objectType: 'photos' });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.error!.details.map((d: { path: string }) => d.path))].sort()).toEqual(['body.checksum', 'body.objectPath', 'body.objectType', 'body.sizeBytes']);
    expect((await api('/v1/sync/objects/not-an-id/versions', { token: user.token })).status).toBe(400);
    expect((await api(`/v1/sync/objects?orgId=${user.orgId}&cursor=garbage`, { token: user.token })).status).toBe(400);
  });
});

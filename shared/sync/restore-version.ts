import { CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { Identity } from '../auth/identity';
import { allocateVersion, getOrgStorage, getSyncVersion, restoreVersion as restoreVersionItem, syncS3Key, type SyncVersion } from '../db/sync-objects';
import { NotFoundError } from '../errors';
import { s3 } from '../storage/s3';
import { syncBucket } from '../storage/sync-bucket';
import { entryOf, ownObject, staleBase, withStorageRetry } from './object-access';
import { assertFits, reportStorage, storageCapBytes } from './storage-usage';
import { committedView, type CommittedVersionView } from './views';

export type RestoredVersionView = CommittedVersionView & { restoredFrom: number };

/**
 * `POST /v1/sync/objects/{objectId}/restore` `{ version }`: a new version, on top of the latest, holding that committed
 * version's bytes (copied inside the bucket; each version keeps its own key). Counts toward the org's stored bytes like
 * an upload (402 past a hard cap). Lands only if nobody committed meanwhile (409 naming the latest otherwise).
 */
export async function restoreVersion(identity: Identity, objectId: string, fromVersion: number, now = new Date()): Promise<RestoredVersionView> {
  const { object } = await ownObject(identity, objectId);
  const source = await getSyncVersion(objectId, fromVersion);
  if (!source || source.status !== 'committed') throw new NotFoundError('Version not found');
  const [entry, cap] = await Promise.all([entryOf(object), storageCapBytes(object.orgId, now)]);
  assertFits((await getOrgStorage(object.orgId)).storedBytes, source.sizeBytes, cap);

  const number = await allocateVersion(objectId);
  if (number === undefined) throw new NotFoundError('Object not found');
  const version: SyncVersion = {
    objectId,
    version: number,
    baseVersion: entry.latestVersion,
    status: 'committed',
    checksum: source.checksum,
    sizeBytes: source.sizeBytes,
    deviceId: source.deviceId,
    s3Key: syncS3Key(object.orgId, objectId, number),
    createdAt: now.toISOString(),
    restoredFrom: fromVersion,
  };
  await s3.send(new CopyObjectCommand({ Bucket: syncBucket, Key: version.s3Key, CopySource: `${syncBucket}/${source.s3Key}` }));

  const outcome = await withStorageRetry(async () => {
    const storage = await getOrgStorage(object.orgId);
    assertFits(storage.storedBytes, version.sizeBytes, cap);
    return restoreVersionItem(entry, version, storage, now);
  }).catch(async (error: unknown) => {
    await s3.send(new DeleteObjectCommand({ Bucket: syncBucket, Key: version.s3Key }));
    throw error;
  });
  if (outcome !== 'done') {
    await s3.send(new DeleteObjectCommand({ Bucket: syncBucket, Key: version.s3Key }));
    throw staleBase((await entryOf(object)).latestVersion);
  }
  const restored = (await getSyncVersion(objectId, number))!;
  await reportStorage(object.orgId, restored.storageEvent!, now);
  return { ...committedView(restored), restoredFrom: fromVersion };
}

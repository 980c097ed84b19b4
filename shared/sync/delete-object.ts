import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { Identity } from '../auth/identity';
import { getSyncObject, DELETED_RETENTION_SECONDS, allCommittedVersions, deleteSyncObject, expireVersion, getOrgStorage, getSyncEntry } from '../db/sync-objects';
import { NotFoundError } from '../errors';
import { authorizeOrg } from '../identity/authorize-org';
import { requireUser } from '../identity/require-user';
import { s3 } from '../storage/s3';
import { syncBucket } from '../storage/sync-bucket';
import { withStorageRetry } from './object-access';
import { reportStorage } from './storage-usage';

/**
 * `DELETE /v1/sync/objects/{objectId}` → 204: the object leaves the list and its bytes leave the org's stored total
 * (reported as `storage_gb`). Its versions are kept 30 days: in the versioned bucket each deleted key's bytes become a
 * noncurrent version the lifecycle expires after 30 days; the metadata expires (TTL) after the same 30 days. Deleting a
 * deleted object again answers 204 (and finishes any removal a failed first attempt left).
 */
export async function deleteObject(identity: Identity, objectId: string, now = new Date()): Promise<void> {
  const user = requireUser(identity);
  const object = await getSyncObject(objectId);
  if (!object || object.userId !== user.userId) throw new NotFoundError('Object not found');
  await authorizeOrg(user, object.orgId);

  if (!object.deletedAt) {
    const entry = await getSyncEntry(object);
    if (!entry || entry.objectId !== objectId) throw new NotFoundError('Object not found');
    const outcome = await withStorageRetry(async () => deleteSyncObject(entry, await getOrgStorage(object.orgId), now));
    // The path moved on to another object meanwhile (this one was deleted and its path reused): nothing of it is live.
    if (outcome === 'conflict') throw new NotFoundError('Object not found');
  }
  const deleted = (await getSyncObject(objectId))!;
  const expires = Math.floor(Date.parse(deleted.deletedAt!) / 1000) + DELETED_RETENTION_SECONDS;
  for (const version of await allCommittedVersions(objectId)) {
    await s3.send(new DeleteObjectCommand({ Bucket: syncBucket, Key: version.s3Key }));
    await expireVersion(objectId, version.version, expires);
  }
  if (deleted.deleteEvent) await reportStorage(object.orgId, deleted.deleteEvent, now);
}

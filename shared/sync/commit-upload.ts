import type { Identity } from '../auth/identity';
import { commitVersion, getOrgStorage, getSyncVersion } from '../db/sync-objects';
import { NotFoundError } from '../errors';
import { entryOf, ownObject, staleBase, withStorageRetry } from './object-access';
import { assertFits, reportStorage, storageCapBytes } from './storage-usage';
import { verifyUpload } from './verify-upload';
import { committedView, type CommittedVersionView } from './views';

/**
 * `POST /v1/sync/objects/{objectId}/versions/{version}/commit`: verifies the uploaded bytes (size, SHA-256; else 400)
 * and makes the version the object's latest, only if the latest is still the version the upload was based on: of two
 * devices uploading on the same base exactly one commit lands, the other gets 409 naming the latest version. The org's
 * stored bytes grow by the version's size (402 past a hard cap reached meanwhile) and the new total is reported as
 * `storage_gb`. Committing a committed version answers it again (and re-sends its usage event, which counts once).
 */
export async function commitUpload(identity: Identity, objectId: string, versionNumber: number, now = new Date()): Promise<CommittedVersionView> {
  const { object } = await ownObject(identity, objectId);
  const version = await getSyncVersion(objectId, versionNumber);
  if (!version) throw new NotFoundError('Version not found');
  if (version.status === 'committed') return alreadyCommitted(object.orgId, objectId, versionNumber, now);

  const entry = await entryOf(object);
  if (entry.latestVersion !== version.baseVersion) throw staleBase(entry.latestVersion);
  await verifyUpload(version.s3Key, version.checksum, version.sizeBytes);
  const cap = await storageCapBytes(object.orgId, now);

  const outcome = await withStorageRetry(async () => {
    const storage = await getOrgStorage(object.orgId);
    assertFits(storage.storedBytes, version.sizeBytes, cap);
    return commitVersion(entry, version, storage, now);
  });
  if (outcome === 'conflict') throw staleBase((await entryOf(object)).latestVersion);
  return alreadyCommitted(object.orgId, objectId, versionNumber, now);
}

async function alreadyCommitted(orgId: string, objectId: string, versionNumber: number, now: Date): Promise<CommittedVersionView> {
  const committed = (await getSyncVersion(objectId, versionNumber))!;
  if (committed.storageEvent) await reportStorage(orgId, committed.storageEvent, now);
  return committedView(committed);
}

import { randomBytes } from 'node:crypto';
import type { Identity } from '../auth/identity';
import {
  allocateVersion,
  createSyncObject,
  getOrgStorage,
  getSyncEntry,
  putPendingVersion,
  syncS3Key,
  type SyncEntry,
  type SyncObjectType,
} from '../db/sync-objects';
import { authorizeOrg } from '../identity/authorize-org';
import { requireUser } from '../identity/require-user';
import { staleBase } from './object-access';
import { assertFits, storageCapBytes } from './storage-usage';
import { presignUpload } from './upload-url';
import type { UploadTicketView } from './views';

export interface UploadRequest {
  orgId: string;
  objectType: SyncObjectType;
  objectPath: string;
  /** `sha256:<64 lowercase hex>` */
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  baseVersion?: number;
}

/** A pending version lives a day past its upload URL (TTL), so a slow commit still finds it. */
const PENDING_GRACE_SECONDS = 86_400;

/**
 * `POST /v1/sync/objects`: a new version of the caller's object at (org, objectType, objectPath), created with the
 * object if it is new, and a presigned PUT for its bytes. An existing object needs `baseVersion` = its latest
 * committed version (else 409 naming it); the commit checks that again, atomically. Over the org's hard storage cap
 * (committed bytes + this size) → 402 before any URL is issued; the commit checks the cap again.
 */
export async function createUpload(identity: Identity, input: UploadRequest, now = new Date()): Promise<UploadTicketView> {
  const user = requireUser(identity);
  await authorizeOrg(user, input.orgId);
  const ref = { orgId: input.orgId, userId: user.userId, objectType: input.objectType, objectPath: input.objectPath };

  const [entry, storage, cap] = await Promise.all([liveEntry(ref, now), getOrgStorage(input.orgId), storageCapBytes(input.orgId, now)]);
  const base = input.baseVersion ?? 0;
  if (base !== entry.latestVersion) throw staleBase(entry.latestVersion);
  assertFits(storage.storedBytes, input.sizeBytes, cap);

  const version = await allocateVersion(entry.objectId);
  // Deleted between the read and now: the caller's base is gone with it.
  if (version === undefined) throw staleBase(0);
  const s3Key = syncS3Key(input.orgId, entry.objectId, version);
  const upload = await presignUpload(s3Key, input.checksum, input.sizeBytes, now);
  await putPendingVersion(
    {
      objectId: entry.objectId,
      version,
      baseVersion: base,
      status: 'pending',
      checksum: input.checksum,
      sizeBytes: input.sizeBytes,
      deviceId: input.deviceId,
      s3Key,
      createdAt: now.toISOString(),
      uploadExpiresAt: upload.expiresAt.toISOString(),
    },
    Math.floor(upload.expiresAt.getTime() / 1000) + PENDING_GRACE_SECONDS,
  );
  return { objectId: entry.objectId, version, uploadUrl: upload.url, uploadHeaders: upload.headers, uploadExpiresAt: upload.expiresAt.toISOString() };
}

/** The path's live entry, creating the object when the path has none (two first uploads racing share one object). */
async function liveEntry(ref: Omit<SyncEntry, 'objectId' | 'latestVersion' | 'checksum' | 'sizeBytes' | 'committedAt' | 'deviceId' | 'storedBytes'>, now: Date): Promise<SyncEntry> {
  const existing = await getSyncEntry(ref);
  if (existing) return existing;
  const objectId = `so_${randomBytes(12).toString('hex')}`;
  await createSyncObject({ ...ref, objectId }, now);
  const entry = await getSyncEntry(ref);
  if (!entry) throw new Error('sync entry vanished right after its creation');
  return entry;
}

import type { Identity } from '../auth/identity';
import { getSyncEntry, getSyncObject, type SyncEntry, type SyncObjectRecord } from '../db/sync-objects';
import { AppError, ConflictError, NotFoundError } from '../errors';
import { authorizeOrg } from '../identity/authorize-org';
import { requireUser } from '../identity/require-user';

/**
 * The object `objectId` names, for its owner only: a user's objects belong to that user within the org (CONTRACT §8),
 * so another user, a user no longer a member of the org, an unknown id and a deleted object are all the same 404.
 * API keys are refused (403): sync is a signed-in user's.
 */
export async function ownObject(identity: Identity, objectId: string): Promise<{ object: SyncObjectRecord; userId: string }> {
  const user = requireUser(identity);
  const object = await getSyncObject(objectId);
  if (!object || object.deletedAt || object.userId !== user.userId) throw new NotFoundError('Object not found');
  await authorizeOrg(user, object.orgId);
  return { object, userId: user.userId };
}

/** The object's live entry (its latest committed version); 404 once deleted. */
export async function entryOf(object: SyncObjectRecord): Promise<SyncEntry> {
  const entry = await getSyncEntry(object);
  if (!entry || entry.objectId !== object.objectId) throw new NotFoundError('Object not found');
  return entry;
}

/** CONTRACT §8's multi-device conflict: 409 naming the latest committed version. */
export function staleBase(latest: number): AppError {
  return new AppError(409, 'conflict', `The object has changed: the latest committed version is ${latest}; fetch it, merge, and upload on top of it`, [
    { path: 'baseVersion', message: `latest committed version is ${latest}` },
  ]);
}

/** Runs a storage change again while only the org's storage counter moved under it (another object of the org changed). */
export async function withStorageRetry<T>(attempt: () => Promise<T | 'storage-moved'>): Promise<T> {
  for (let i = 0; i < 8; i++) {
    const result = await attempt();
    if (result !== 'storage-moved') return result;
    await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** i));
  }
  throw new ConflictError('The org’s storage changed too often to record this change; retry');
}

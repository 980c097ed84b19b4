import type { Identity } from '../auth/identity';
import { getSyncVersion, listEntriesPage, listVersionsPage, syncKeys, type SyncObjectType } from '../db/sync-objects';
import { NotFoundError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
import { authorizeOrg } from '../identity/authorize-org';
import { requireUser } from '../identity/require-user';
import { entryOf, ownObject } from './object-access';
import { presignDownload } from './upload-url';
import { objectView, versionView, type SyncObjectView, type SyncVersionView } from './views';

/** `GET /v1/sync/objects?orgId=&objectType=`: one page of the caller's objects in the org (latest versions), by type and path. */
export async function listObjects(identity: Identity, orgId: string, objectType: SyncObjectType | undefined, page: PageQuery): Promise<{ objects: SyncObjectView[]; nextCursor: string | null }> {
  const user = requireUser(identity);
  await authorizeOrg(user, orgId);
  const after = decodeCursor(page.cursor, syncKeys.entryPrefix(objectType));
  const { entries, after: last } = await listEntriesPage(orgId, user.userId, objectType, page.limit, after);
  return { objects: entries.map(objectView), nextCursor: encodeCursor(last) };
}

/** `GET /v1/sync/objects/{objectId}/versions`: one page of the object's committed versions, newest first. */
export async function listVersions(identity: Identity, objectId: string, page: PageQuery): Promise<{ versions: SyncVersionView[]; nextCursor: string | null }> {
  await ownObject(identity, objectId);
  const after = decodeCursor(page.cursor, syncKeys.versionPrefix());
  const { versions, after: last } = await listVersionsPage(objectId, page.limit, after);
  return { versions: versions.map(versionView), nextCursor: encodeCursor(last) };
}

/** `GET /v1/sync/objects/{objectId}/download?version=`: a presigned GET (≤ 15 min) of that committed version, or the latest. */
export async function downloadUrl(identity: Identity, objectId: string, versionNumber: number | undefined, now = new Date()): Promise<string> {
  const { object } = await ownObject(identity, objectId);
  const number = versionNumber ?? (await entryOf(object)).latestVersion;
  const version = number > 0 ? await getSyncVersion(objectId, number) : undefined;
  if (!version || version.status !== 'committed') throw new NotFoundError('Version not found');
  const fileName = object.objectPath.split('/').filter(Boolean).pop() ?? object.objectId;
  return presignDownload(version.s3Key, fileName, now);
}

import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client';
import { orgKeys } from './orgs';
import { queryPage } from './query-page';
import { cancellationCodes } from './transactions';

/**
 * Sync objects (CONTRACT §8): metadata here, bytes in the sync bucket under `s3Key`, a key Argus builds (never a caller).
 *
 * - entry: the live object at (org, user, objectType, objectPath), in the user's sync partition of the org (the list
 *   route reads it). It holds the latest committed version and the bytes all its committed versions hold. Conflicts are
 *   decided on it: a commit lands only while `latestVersion` is still the version the upload was based on.
 * - object: the object by id (routes name objects by id), with its version counter; marked deleted (and expired by TTL
 *   30 days later) when the object is deleted; a path created again afterwards is a new object with a new id.
 * - version: one per upload: `pending` until its bytes are verified and committed, then `committed`. Pending versions
 *   expire by TTL a day after their upload URL. Sort keys count down so a page lists the newest version first.
 * - storage: the org's stored bytes (all committed versions of its live objects) and a change counter; every change
 *   of the total is conditioned on the counter, so each has exactly one level, reported as `storage_gb` with its own id.
 */
export const SYNC_OBJECT_TYPES = ['memory_context', 'project_config'] as const;
export type SyncObjectType = (typeof SYNC_OBJECT_TYPES)[number];

const VERSION_DIGITS = 10;
const VERSION_CEILING = 10 ** VERSION_DIGITS - 1;

export const syncKeys = {
  entryPartition: (orgId: string, userId: string) => `SYNC#${orgId}#${userId}`,
  entryPrefix: (objectType?: SyncObjectType) => (objectType ? `OBJ#${objectType}#` : 'OBJ#'),
  entry: (orgId: string, userId: string, objectType: SyncObjectType, objectPath: string) => ({
    PK: syncKeys.entryPartition(orgId, userId),
    SK: `OBJ#${objectType}#${objectPath}`,
  }),
  object: (objectId: string) => ({ PK: `SYNCOBJ#${objectId}`, SK: 'OBJECT' }),
  versionPrefix: () => 'V#',
  version: (objectId: string, version: number) => ({ PK: `SYNCOBJ#${objectId}`, SK: `V#${String(VERSION_CEILING - version).padStart(VERSION_DIGITS, '0')}` }),
  storage: (orgId: string) => ({ PK: orgKeys.pk(orgId), SK: 'SYNCSTORAGE' }),
};

/** The object's bytes of one version: `<orgId>/<objectId>/<version>`. */
export function syncS3Key(orgId: string, objectId: string, version: number): string {
  return `objects/${orgId}/${objectId}/${version}`;
}

export interface SyncObjectRef {
  objectId: string;
  orgId: string;
  userId: string;
  objectType: SyncObjectType;
  objectPath: string;
}

export interface SyncObjectRecord extends SyncObjectRef {
  nextVersion: number;
  createdAt: string;
  deletedAt?: string;
  deleteEvent?: StorageEvent;
}

export interface SyncEntry extends SyncObjectRef {
  /** 0 until a first version is committed. */
  latestVersion: number;
  checksum: string | null;
  sizeBytes: number | null;
  committedAt: string | null;
  deviceId: string | null;
  /** Bytes of all committed versions of this object. */
  storedBytes: number;
}

/** One change of the org's stored bytes, as the `storage_gb` usage event it is reported as. */
export interface StorageEvent {
  id: string;
  /** The org's stored bytes after the change. */
  storedBytes: number;
  at: string;
}

export interface SyncVersion {
  objectId: string;
  version: number;
  /** The latest committed version when the upload was created (0: none); the commit needs it still to be latest. */
  baseVersion: number;
  status: 'pending' | 'committed';
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  s3Key: string;
  createdAt: string;
  uploadExpiresAt?: string;
  committedAt?: string;
  restoredFrom?: number;
  storageEvent?: StorageEvent;
}

export interface OrgStorage {
  storedBytes: number;
  changes: number;
}

const strip = (item: Record<string, unknown>) => {
  const { PK: _pk, SK: _sk, type: _type, expiresAt: _ttl, ...rest } = item;
  return rest;
};

export async function getSyncObject(objectId: string): Promise<SyncObjectRecord | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: syncKeys.object(objectId), ConsistentRead: true }));
  return Item ? (strip(Item) as unknown as SyncObjectRecord) : undefined;
}

export async function getSyncEntry(ref: Omit<SyncObjectRef, 'objectId'>): Promise<SyncEntry | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: syncKeys.entry(ref.orgId, ref.userId, ref.objectType, ref.objectPath), ConsistentRead: true }));
  return Item ? (strip(Item) as unknown as SyncEntry) : undefined;
}

export async function getSyncVersion(objectId: string, version: number): Promise<SyncVersion | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: syncKeys.version(objectId, version), ConsistentRead: true }));
  return Item ? (strip(Item) as unknown as SyncVersion) : undefined;
}

export async function getOrgStorage(orgId: string): Promise<OrgStorage> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: syncKeys.storage(orgId), ConsistentRead: true }));
  return { storedBytes: Number(Item?.storedBytes ?? 0), changes: Number(Item?.changes ?? 0) };
}

/** A new object and its (still empty) entry; false when another request created the path's entry first. */
export async function createSyncObject(ref: SyncObjectRef, at: Date): Promise<boolean> {
  const entry: SyncEntry = { ...ref, latestVersion: 0, checksum: null, sizeBytes: null, committedAt: null, deviceId: null, storedBytes: 0 };
  const object: SyncObjectRecord = { ...ref, nextVersion: 0, createdAt: at.toISOString() };
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...syncKeys.entry(ref.orgId, ref.userId, ref.objectType, ref.objectPath), type: 'sync-entry', ...entry }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: tableName, Item: { ...syncKeys.object(ref.objectId), type: 'sync-object', ...object }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

/** The object's next version number (versions only grow; one lost to a conflict leaves a gap); undefined once deleted. */
export async function allocateVersion(objectId: string): Promise<number | undefined> {
  try {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: syncKeys.object(objectId),
        UpdateExpression: 'ADD nextVersion :one',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes!.nextVersion);
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

/** A pending version, kept (TTL) until a day after its upload URL expires. */
export async function putPendingVersion(version: SyncVersion, expiresAtEpoch: number): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...syncKeys.version(version.objectId, version.version), type: 'sync-version', ...version, expiresAt: expiresAtEpoch },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** The storage counter's change from `before` to `after` (the item written only while still at `before`). */
function storageChange(orgId: string, before: OrgStorage, after: number) {
  return {
    Update: {
      TableName: tableName,
      Key: syncKeys.storage(orgId),
      UpdateExpression: 'SET storedBytes = :after, changes = :next',
      ConditionExpression: before.changes === 0 ? 'attribute_not_exists(changes)' : 'changes = :changes',
      ExpressionAttributeValues: { ':after': after, ':next': before.changes + 1, ...(before.changes === 0 ? {} : { ':changes': before.changes }) },
    },
  };
}

/** The usage event id of the org's n-th storage change (ids are per org). */
export const storageEventId = (change: number) => `sync_storage_${change}`;

/** Which item of a change transaction stopped it: the object moved on (conflict), the version was done, or the counter moved (retry). */
export type ChangeOutcome = 'done' | 'conflict' | 'already' | 'storage-moved';

function outcomeOf(error: unknown, order: ('conflict' | 'already' | 'storage-moved')[]): ChangeOutcome {
  const codes = cancellationCodes(error);
  if (!codes) throw error;
  const failed = codes.findIndex((c) => c === 'ConditionalCheckFailed');
  if (failed < 0) throw error;
  return order[failed];
}

/**
 * Commits a pending version: the entry moves to it only while its latest version is still the upload's base, the
 * version turns committed, and the org's stored bytes grow by its size while the counter is still at `storage`.
 */
export async function commitVersion(entry: SyncEntry, version: SyncVersion, storage: OrgStorage, at: Date): Promise<ChangeOutcome> {
  const after = storage.storedBytes + version.sizeBytes;
  const event: StorageEvent = { id: storageEventId(storage.changes + 1), storedBytes: after, at: at.toISOString() };
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          entryMovesTo(entry, version.baseVersion, { ...version, committedAt: at.toISOString() }),
          {
            Update: {
              TableName: tableName,
              Key: syncKeys.version(version.objectId, version.version),
              UpdateExpression: 'SET #status = :committed, committedAt = :at, storageEvent = :event REMOVE expiresAt',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':committed': 'committed', ':pending': 'pending', ':at': at.toISOString(), ':event': event },
            },
          },
          storageChange(entry.orgId, storage, after),
        ],
      }),
    );
    return 'done';
  } catch (error) {
    return outcomeOf(error, ['conflict', 'already', 'storage-moved']);
  }
}

/** A new committed version with an old one's content (bytes already copied to `version.s3Key`), on top of `entry`'s latest. */
export async function restoreVersion(entry: SyncEntry, version: SyncVersion, storage: OrgStorage, at: Date): Promise<ChangeOutcome> {
  const after = storage.storedBytes + version.sizeBytes;
  const event: StorageEvent = { id: storageEventId(storage.changes + 1), storedBytes: after, at: at.toISOString() };
  const item = { ...version, status: 'committed', committedAt: at.toISOString(), storageEvent: event };
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          entryMovesTo(entry, entry.latestVersion, item),
          { Put: { TableName: tableName, Item: { ...syncKeys.version(version.objectId, version.version), type: 'sync-version', ...item }, ConditionExpression: 'attribute_not_exists(PK)' } },
          storageChange(entry.orgId, storage, after),
        ],
      }),
    );
    return 'done';
  } catch (error) {
    return outcomeOf(error, ['conflict', 'already', 'storage-moved']);
  }
}

function entryMovesTo(entry: SyncEntry, base: number, version: Pick<SyncVersion, 'version' | 'checksum' | 'sizeBytes' | 'deviceId' | 'committedAt'>) {
  return {
    Update: {
      TableName: tableName,
      Key: syncKeys.entry(entry.orgId, entry.userId, entry.objectType, entry.objectPath),
      UpdateExpression: 'SET latestVersion = :v, checksum = :checksum, sizeBytes = :size, committedAt = :at, deviceId = :device ADD storedBytes :size',
      ConditionExpression: 'objectId = :id AND latestVersion = :base',
      ExpressionAttributeValues: {
        ':v': version.version,
        ':checksum': version.checksum,
        ':size': version.sizeBytes,
        ':at': version.committedAt,
        ':device': version.deviceId,
        ':id': entry.objectId,
        ':base': base,
      },
    },
  };
}

/** How long a deleted object's metadata is kept (its bytes: the bucket's noncurrent-version lifecycle, the same 30 days). */
export const DELETED_RETENTION_SECONDS = 30 * 86_400;

/**
 * Deletes the object: its entry goes (the path is free for a new object), the object is marked deleted (kept 30 days,
 * then TTL), and the org's stored bytes shrink by the object's, while the counter is still at `storage`.
 */
export async function deleteSyncObject(entry: SyncEntry, storage: OrgStorage, at: Date): Promise<ChangeOutcome> {
  const after = Math.max(0, storage.storedBytes - entry.storedBytes);
  const event: StorageEvent = { id: storageEventId(storage.changes + 1), storedBytes: after, at: at.toISOString() };
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName,
              Key: syncKeys.entry(entry.orgId, entry.userId, entry.objectType, entry.objectPath),
              ConditionExpression: 'objectId = :id',
              ExpressionAttributeValues: { ':id': entry.objectId },
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: syncKeys.object(entry.objectId),
              UpdateExpression: 'SET deletedAt = :at, deleteEvent = :event, expiresAt = :ttl',
              ConditionExpression: 'attribute_not_exists(deletedAt)',
              ExpressionAttributeValues: { ':at': at.toISOString(), ':event': event, ':ttl': Math.floor(at.getTime() / 1000) + DELETED_RETENTION_SECONDS },
            },
          },
          storageChange(entry.orgId, storage, after),
        ],
      }),
    );
    return 'done';
  } catch (error) {
    return outcomeOf(error, ['conflict', 'already', 'storage-moved']);
  }
}

/** Lets a deleted object's version items expire with it. */
export async function expireVersion(objectId: string, version: number, expiresAtEpoch: number): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: syncKeys.version(objectId, version),
      UpdateExpression: 'SET expiresAt = :ttl',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':ttl': expiresAtEpoch },
    }),
  ).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}

/** One page of a user's live objects in an org (those with a committed version), by type and path. */
export async function listEntriesPage(orgId: string, userId: string, objectType: SyncObjectType | undefined, limit: number, after?: string) {
  const page = await queryPage({
    partition: syncKeys.entryPartition(orgId, userId),
    prefix: syncKeys.entryPrefix(objectType),
    after,
    limit,
    consistent: true,
    keep: (item) => Number(item.latestVersion) > 0,
  });
  return { entries: page.items.map((item) => strip(item) as unknown as SyncEntry), after: page.after };
}

/** One page of an object's committed versions, newest first. */
export async function listVersionsPage(objectId: string, limit: number, after?: string) {
  const page = await queryPage({
    partition: syncKeys.object(objectId).PK,
    prefix: syncKeys.versionPrefix(),
    after,
    limit,
    consistent: true,
    keep: (item) => item.status === 'committed',
  });
  return { versions: page.items.map((item) => strip(item) as unknown as SyncVersion), after: page.after };
}

/** Every committed version of an object (deletion walks them to remove their bytes). */
export async function allCommittedVersions(objectId: string): Promise<SyncVersion[]> {
  const out: SyncVersion[] = [];
  let after: string | undefined;
  do {
    const page = await listVersionsPage(objectId, 100, after);
    out.push(...page.versions);
    after = page.after ?? undefined;
  } while (after);
  return out;
}

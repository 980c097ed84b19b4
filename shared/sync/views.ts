import type { SyncEntry, SyncObjectType, SyncVersion } from '../db/sync-objects';

/** A synced object as lists show it: its latest committed version. */
export interface SyncObjectView {
  objectId: string;
  orgId: string;
  objectType: SyncObjectType;
  objectPath: string;
  version: number;
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  committedAt: string;
}

export interface SyncVersionView {
  version: number;
  checksum: string;
  sizeBytes: number;
  deviceId: string;
  committedAt: string;
  /** The version whose content a restore copied; null for an upload. */
  restoredFrom: number | null;
}

/** The answer of a commit (CONTRACT §8) and of a restore (plus `restoredFrom`). */
export interface CommittedVersionView {
  objectId: string;
  version: number;
  checksum: string;
  sizeBytes: number;
  committedAt: string;
}

export interface UploadTicketView {
  objectId: string;
  version: number;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  uploadExpiresAt: string;
}

export function objectView(e: SyncEntry): SyncObjectView {
  return {
    objectId: e.objectId,
    orgId: e.orgId,
    objectType: e.objectType,
    objectPath: e.objectPath,
    version: e.latestVersion,
    checksum: e.checksum!,
    sizeBytes: e.sizeBytes!,
    deviceId: e.deviceId!,
    committedAt: e.committedAt!,
  };
}

export function versionView(v: SyncVersion): SyncVersionView {
  return { version: v.version, checksum: v.checksum, sizeBytes: v.sizeBytes, deviceId: v.deviceId, committedAt: v.committedAt!, restoredFrom: v.restoredFrom ?? null };
}

export function committedView(v: SyncVersion): CommittedVersionView {
  return { objectId: v.objectId, version: v.version, checksum: v.checksum, sizeBytes: v.sizeBytes, committedAt: v.committedAt! };
}

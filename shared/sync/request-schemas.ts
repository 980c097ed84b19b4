import { z } from 'zod';
import { SYNC_OBJECT_TYPES } from '../db/sync-objects';
import { pageQuerySchema } from '../http/pagination';

/** S3's largest single PUT (5 GiB): an upload URL is one PUT. */
export const MAX_SYNC_OBJECT_BYTES = 5 * 1024 ** 3;
/** Paths are sort keys (≤ 1 KiB in DynamoDB) beside the type: 512 bytes of UTF-8 leave room. */
export const MAX_OBJECT_PATH_BYTES = 512;

export const objectIdSchema = z.string().regex(/^so_[0-9a-f]{24}$/, 'is not a sync object id');
export const versionNumberSchema = z.coerce.number().int().min(1).max(9_999_999_999);

export const createUploadBody = z.object({
  orgId: z.string().min(1).max(64),
  objectType: z.enum(SYNC_OBJECT_TYPES),
  objectPath: z
    .string()
    .min(1)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters')
    .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_OBJECT_PATH_BYTES, `must be at most ${MAX_OBJECT_PATH_BYTES} bytes of UTF-8`),
  checksum: z
    .string()
    .regex(/^sha256:[0-9a-fA-F]{64}$/, 'must be "sha256:" and the 64 hex digits of the SHA-256 of the bytes')
    .transform((c) => c.toLowerCase()),
  sizeBytes: z.number().int().min(0).max(MAX_SYNC_OBJECT_BYTES),
  deviceId: z.string().min(1).max(128),
  baseVersion: z.number().int().min(0).optional(),
});

export const listObjectsQuery = pageQuerySchema.extend({ orgId: z.string().min(1).max(64), objectType: z.enum(SYNC_OBJECT_TYPES).optional() });
export const objectParams = z.object({ objectId: objectIdSchema });
export const versionParams = z.object({ objectId: objectIdSchema, version: versionNumberSchema });
export const downloadQuery = z.object({ version: versionNumberSchema.optional() });
export const restoreBody = z.object({ version: z.number().int().min(1) });

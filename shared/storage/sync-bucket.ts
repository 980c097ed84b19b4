import { z } from 'zod';
import { readConfig } from '../config';

/** The sync bucket (versioned; CONTRACT §8): only functions declaring `buckets.sync` get `SYNC_BUCKET`. */
export const { SYNC_BUCKET: syncBucket } = readConfig({ SYNC_BUCKET: z.string().min(1) });

import { z } from 'zod';
import { readConfig } from '../config';

/** The analytics bucket (raw telemetry as Parquet; CONTRACT §8): only functions declaring `buckets.analytics` get `ANALYTICS_BUCKET`. */
export const { ANALYTICS_BUCKET: analyticsBucket } = readConfig({ ANALYTICS_BUCKET: z.string().min(1) });

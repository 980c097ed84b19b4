import { z } from 'zod';
import { readConfig } from '../config';

/** Days a past_due subscription keeps its plan (stage setting), read once. */
export const { PAST_DUE_GRACE_DAYS: pastDueGraceDays } = readConfig({ PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0) });

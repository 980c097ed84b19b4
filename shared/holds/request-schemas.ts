import { z } from 'zod';
import { metricSchema } from '../plans/catalog';

/** `POST /v1/quota/reserve` (CONTRACT §3 Holds); the MCP tool `reserve_quota` takes the same fields in snake_case. */
export const reserveBody = z.object({
  orgId: z.string().min(1).max(128),
  metric: metricSchema,
  quantity: z.number().positive().finite(),
  id: z.string().min(1).max(128),
  ttlSeconds: z.number().int().min(1).max(3600).optional(),
});

/** The `{holdId}` of the commit and release routes (and of `commit_hold`, `release_hold`). */
export const holdParams = z.object({ holdId: z.string().min(1).max(128) });

/** `POST /v1/quota/holds/{holdId}/commit`. */
export const commitBody = z.object({ quantity: z.number().positive().finite() });

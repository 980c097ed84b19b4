import { z } from 'zod';
import { metricSchema } from '../plans/catalog';

/** `POST /v1/quota/check` (CONTRACT §3); the MCP tool `check_quota` takes the same fields (snake_case, no consume). */
export const quotaCheckBody = z.object({
  orgId: z.string().min(1).max(128),
  metric: metricSchema,
  quantity: z.number().positive().finite(),
  consume: z.boolean().optional(),
  id: z.string().min(1).max(128).optional(),
});

import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { metricSchema } from '../../shared/plans/catalog';
import { checkQuotaAs } from '../../shared/quota/check-quota';

const body = z.object({
  orgId: z.string().min(1).max(128),
  metric: metricSchema,
  quantity: z.number().positive().finite(),
  consume: z.boolean().optional(),
  id: z.string().min(1).max(128).optional(),
});

/** POST /v1/quota/check: whether a quantity fits the org's plan this period; with `consume` records it atomically. */
export const handler = httpHandler({ body }, async ({ body, identity }) => ({ body: await checkQuotaAs(identity, body) }));

import { z } from 'zod';
import { reserveAs } from '../../shared/holds/reserve';
import { httpHandler } from '../../shared/http/handler';
import { metricSchema } from '../../shared/plans/catalog';

const body = z.object({
  orgId: z.string().min(1).max(128),
  metric: metricSchema,
  quantity: z.number().positive().finite(),
  id: z.string().min(1).max(128),
  ttlSeconds: z.number().int().min(1).max(3600).optional(),
});

/** POST /v1/quota/reserve: hold a quantity against the org's cap until it is committed, released or expires. */
export const handler = httpHandler({ body }, async ({ body, identity }) => ({ body: await reserveAs(identity, body) }));

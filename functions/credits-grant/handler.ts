import { z } from 'zod';
import { grantAsOperator } from '../../shared/credits/credits-view';
import { httpHandler } from '../../shared/http/handler';
import { metricSchema } from '../../shared/plans/catalog';

const params = z.object({ orgId: z.string().min(1).max(128) });
const body = z.object({
  id: z.string().min(1).max(128),
  metric: metricSchema,
  quantity: z.number().int().positive(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().min(1).max(500),
});

const REPEAT = 200;

/** POST /v1/orgs/{orgId}/credits (platform service key): grant credits, idempotent on `id` (201 new, 200 same, 409 different). */
export const handler = httpHandler({ params, body }, async ({ params, body, identity }) => {
  const { status, grant } = await grantAsOperator(identity, params.orgId, body);
  // 201 for a new grant (the documented status); a repeat of the same grant answers 200 with it (documented in the note).
  return status === 201 ? { status: 201, body: grant } : { status: REPEAT, body: grant };
});

import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { usageSummary } from '../../shared/usage/read-usage';

const params = z.object({ orgId: z.string().min(1).max(128) });
const query = z.object({ period: z.enum(['current', 'previous']).default('current') });

/** GET /v1/orgs/{orgId}/usage?period=current|previous: used, included, remaining and overage per metric. */
export const handler = httpHandler({ params, query }, async ({ params, query }) => ({
  body: await usageSummary(params.orgId, query.period),
}));

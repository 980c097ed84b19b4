import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { METRICS } from '../../shared/plans/catalog-schema';
import { usageSeries } from '../../shared/usage/read-usage';

const params = z.object({ orgId: z.string().min(1).max(128), metric: z.enum(METRICS) });
const query = z.object({ period: z.enum(['current', 'previous']).default('current') });

/** GET /v1/orgs/{orgId}/usage/{metric}?period=current|previous: the period total and its daily series. */
export const handler = httpHandler({ params, query }, async ({ params, query }) => ({
  body: await usageSeries(params.orgId, params.metric, query.period),
}));

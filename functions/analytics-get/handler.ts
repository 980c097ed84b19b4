import { z } from 'zod';
import { analyticsQuerySchema, queryRange } from '../../shared/analytics/analytics-query';
import { readAnalytics } from '../../shared/analytics/read-analytics';
import { httpHandler } from '../../shared/http/handler';

const params = z.object({ orgId: z.string().min(1).max(128) });

/** GET /v1/orgs/{orgId}/analytics: the day rollups of `from`..`to` merged per `groupBy`. */
export const handler = httpHandler({ params, query: analyticsQuerySchema }, async ({ params, query }) => ({
  body: await readAnalytics(params.orgId, queryRange(query), query.groupBy),
}));

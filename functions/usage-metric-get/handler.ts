import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { metricSchema } from '../../shared/plans/catalog';
import { usageRange, usageSeries } from '../../shared/usage/read-usage';
import { usageMetricQuery } from '../../shared/usage/usage-query';

const params = z.object({ orgId: z.string().min(1).max(128), metric: metricSchema });

/** GET /v1/orgs/{orgId}/usage/{metric}: a period's total and daily series (?period=, ?at=), or a daily series over ?from=&to=. */
export const handler = httpHandler({ params, query: usageMetricQuery }, async ({ params, query }) => ({
  body: 'range' in query ? await usageRange(params.orgId, params.metric, query.range.from, query.range.to) : await usageSeries(params.orgId, params.metric, query.selector),
}));

import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { usageSummary } from '../../shared/usage/read-usage';
import { usageQuery } from '../../shared/usage/usage-query';

const params = z.object({ orgId: z.string().min(1).max(128) });

/** GET /v1/orgs/{orgId}/usage?period=current|previous or ?at=: used, included, remaining, overage and projection per metric. */
export const handler = httpHandler({ params, query: usageQuery }, async ({ params, query }) => ({
  body: await usageSummary(params.orgId, query),
}));

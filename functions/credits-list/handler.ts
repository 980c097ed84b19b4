import { z } from 'zod';
import { creditsOf } from '../../shared/credits/credits-view';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';

const params = z.object({ orgId: z.string().min(1).max(128) });

/** GET /v1/orgs/{orgId}/credits: spendable balances per metric and one page of the org's grants. */
export const handler = httpHandler({ params, query: pageQuerySchema }, async ({ params, query }) => ({ body: await creditsOf(params.orgId, query) }));

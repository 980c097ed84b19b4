import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listOrgLicenses } from '../../shared/licenses/manage-licenses';

const params = z.object({ orgId: z.string().min(1) });

/** GET /v1/orgs/{orgId}/licenses: one page of the org's licenses, without their keys. */
export const handler = httpHandler({ params, query: pageQuerySchema }, async ({ params, query }) => ({ body: await listOrgLicenses(params.orgId, query) }));

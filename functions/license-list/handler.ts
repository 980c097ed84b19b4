import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { listOrgLicenses } from '../../shared/licenses/manage-licenses';

const params = z.object({ orgId: z.string().min(1) });

/** GET /v1/orgs/{orgId}/licenses: the org's licenses, without their keys. */
export const handler = httpHandler({ params }, async ({ params }) => ({ body: { licenses: await listOrgLicenses(params.orgId) } }));

import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';
import { getSpendLimit } from '../../shared/spend-limit/spend-limit';

/** GET /v1/orgs/{orgId}/spend-limit (member; key `read`): the org's monthly overage budget, or null. */
export const handler = httpHandler({ params: orgParams }, async ({ params }) => ({ body: await getSpendLimit(params.orgId) }));

import { httpHandler } from '../../shared/http/handler';
import { requireOrg } from '../../shared/identity/authorize-org';
import { getOrgView } from '../../shared/identity/get-org';

export const handler = httpHandler({}, async ({ org }) => ({ body: await getOrgView(requireOrg(org).orgId) }));

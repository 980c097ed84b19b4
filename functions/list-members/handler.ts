import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { requireOrg } from '../../shared/identity/authorize-org';
import { listMembers } from '../../shared/identity/org-members';

/** GET /v1/orgs/{orgId}/members (member): one page of members. */
export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, org }) => ({ body: await listMembers(requireOrg(org).orgId, query) }));

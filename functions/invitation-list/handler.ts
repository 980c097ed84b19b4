import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { requireOrg } from '../../shared/identity/authorize-org';
import { listInvitations } from '../../shared/identity/invitations';

/** GET /v1/orgs/{orgId}/invitations (admin): one page of the org's open invitations. */
export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, org }) => ({ body: await listInvitations(requireOrg(org).orgId, query) }));

import { httpHandler } from '../../shared/http/handler';
import { requireOrg } from '../../shared/identity/authorize-org';
import { listMembers } from '../../shared/identity/org-members';

export const handler = httpHandler({}, async ({ org }) => ({ body: { members: await listMembers(requireOrg(org).orgId) } }));

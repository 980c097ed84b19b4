import { httpHandler } from '../../shared/http/handler';
import { getOrgEntitlements } from '../../shared/entitlements/get-entitlements';
import { requireOrg } from '../../shared/identity/authorize-org';

export const handler = httpHandler({}, async ({ org }) => ({ body: await getOrgEntitlements(requireOrg(org).orgId) }));

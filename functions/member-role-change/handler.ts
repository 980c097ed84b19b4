import { z } from 'zod';
import { ORG_ROLES } from '../../shared/identity/roles';
import { httpHandler } from '../../shared/http/handler';
import { requireMember } from '../../shared/identity/authorize-org';
import { changeRole } from '../../shared/identity/org-members';

const params = z.object({ userId: z.string().min(1).max(128) });
const body = z.object({ role: z.enum(ORG_ROLES) });

/** PATCH /v1/orgs/{orgId}/members/{userId} (admin): the member with their new role. */
export const handler = httpHandler({ params, body }, async ({ params, body, org }) => {
  const caller = requireMember(org);
  return { body: await changeRole(caller.orgId, caller, params.userId, body.role) };
});

import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { requireMember } from '../../shared/identity/authorize-org';
import { removeMember } from '../../shared/identity/org-members';

const params = z.object({ userId: z.string().min(1).max(128) });

/** DELETE /v1/orgs/{orgId}/members/{userId}: an admin removes a member, or a member leaves (their own userId). */
export const handler = httpHandler({ params }, async ({ params, org }) => {
  const caller = requireMember(org);
  await removeMember(caller.orgId, caller, params.userId);
  return { status: 204 };
});

import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { requireOrg } from '../../shared/identity/authorize-org';
import { withdrawInvitation } from '../../shared/identity/invitations';

const params = z.object({ invitationId: z.string().min(1).max(64) });

/** DELETE /v1/orgs/{orgId}/invitations/{invitationId} (admin): withdraws an open invitation. */
export const handler = httpHandler({ params }, async ({ params, org }) => {
  await withdrawInvitation(requireOrg(org).orgId, params.invitationId);
  return { status: 204 };
});

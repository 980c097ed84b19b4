import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { declineInvitation } from '../../shared/identity/invitations';
import { requireUser } from '../../shared/identity/require-user';

const params = z.object({ invitationId: z.string().min(1).max(64) });

/** POST /v1/invitations/{invitationId}/decline: the invitation is gone. */
export const handler = httpHandler({ params }, async ({ params, identity }) => {
  await declineInvitation(requireUser(identity).userId, params.invitationId);
  return { status: 204 };
});

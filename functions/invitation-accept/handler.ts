import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { acceptInvitation } from '../../shared/identity/invitations';
import { requireUser } from '../../shared/identity/require-user';

const params = z.object({ invitationId: z.string().min(1).max(64) });

/** POST /v1/invitations/{invitationId}/accept: joins the org (idempotent; the seat is taken now). */
export const handler = httpHandler({ params }, async ({ params, identity }) => ({ body: await acceptInvitation(requireUser(identity).userId, params.invitationId) }));

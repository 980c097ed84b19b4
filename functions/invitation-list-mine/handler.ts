import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { myInvitations } from '../../shared/identity/invitations';
import { requireUser } from '../../shared/identity/require-user';

/** GET /v1/me/invitations: the open invitations addressed to the signed-in user's email. */
export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, identity }) => ({ body: await myInvitations(requireUser(identity).userId, query) }));

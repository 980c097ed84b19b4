import { z } from 'zod';
import { ORG_ROLES } from '../../shared/identity/roles';
import { httpHandler } from '../../shared/http/handler';
import { requireMember } from '../../shared/identity/authorize-org';
import { emailSchema } from '../../shared/identity/credentials';
import { invite } from '../../shared/identity/invitations';

const body = z.object({ email: emailSchema, role: z.enum(ORG_ROLES) });

/** POST /v1/orgs/{orgId}/invitations (admin): the same answer whether or not an account uses the email. */
export const handler = httpHandler({ body }, async ({ body, org }) => {
  const caller = requireMember(org);
  return { status: 201, body: await invite(caller.orgId, caller, body.email, body.role) };
});

import { z } from 'zod';
import { ORG_ROLES } from '../../infra/routes';
import { httpHandler } from '../../shared/http/handler';
import { requireMember } from '../../shared/identity/authorize-org';
import { emailSchema } from '../../shared/identity/credentials';
import { addMember } from '../../shared/identity/org-members';

const body = z.object({ email: emailSchema, role: z.enum(ORG_ROLES) });

export const handler = httpHandler({ body }, async ({ body, org }) => {
  const caller = requireMember(org);
  return { status: 201, body: await addMember(caller.orgId, caller.role, body.email, body.role) };
});

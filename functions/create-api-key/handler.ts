import { z } from 'zod';
import { API_KEY_SCOPES } from '../../shared/identity/roles';
import { httpHandler } from '../../shared/http/handler';
import { createApiKey } from '../../shared/identity/api-keys';
import { requireMember } from '../../shared/identity/authorize-org';

const body = z.object({ name: z.string().trim().min(1).max(100), scopes: z.array(z.enum(API_KEY_SCOPES)).min(1) });

/** The plaintext key is in this answer only; the table keeps its SHA-256. */
export const handler = httpHandler({ body }, async ({ body, org }) => {
  const caller = requireMember(org);
  return { status: 201, body: await createApiKey({ orgId: caller.orgId, name: body.name, scopes: body.scopes, createdBy: caller.userId }) };
});

import { z } from 'zod';
import { auditActor } from '../../shared/audit/audit-log';
import { httpHandler } from '../../shared/http/handler';
import { revokeApiKey } from '../../shared/identity/api-keys';
import { requireOrg } from '../../shared/identity/authorize-org';

const params = z.object({ keyId: z.string().min(1).max(64) });

/** Refused everywhere once API Gateway's authorizer cache (stage `authorizerCacheSeconds`, <= 60 s) lets go of it. */
export const handler = httpHandler({ params }, async ({ params, org, identity }) => {
  await revokeApiKey(requireOrg(org).orgId, params.keyId, auditActor(identity));
  return { status: 204 };
});

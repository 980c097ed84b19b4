import { z } from 'zod';
import { auditActor } from '../../shared/audit/audit-log';
import { httpHandler } from '../../shared/http/handler';
import { revokeOrgLicense } from '../../shared/licenses/manage-licenses';

const params = z.object({ orgId: z.string().min(1), licenseId: z.string().min(1) });

/** DELETE /v1/orgs/{orgId}/licenses/{licenseId} (admin): revokes; validations answer `revoked` from then on. */
export const handler = httpHandler({ params }, async ({ params, identity }) => {
  await revokeOrgLicense(params.orgId, params.licenseId, auditActor(identity));
  return { status: 204 };
});

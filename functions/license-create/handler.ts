import { z } from 'zod';
import { auditActor } from '../../shared/audit/audit-log';
import { httpHandler } from '../../shared/http/handler';
import { issueLicense } from '../../shared/licenses/manage-licenses';

const params = z.object({ orgId: z.string().min(1) });
const body = z
  .object({
    maxDevices: z.number().int().min(1).max(100_000).nullable().optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .optional();

/** POST /v1/orgs/{orgId}/licenses (admin): issues a license; the key is in this answer only. */
export const handler = httpHandler({ params, body }, async ({ params, body, identity }) => ({
  status: 201,
  body: await issueLicense(params.orgId, body ?? {}, auditActor(identity)),
}));

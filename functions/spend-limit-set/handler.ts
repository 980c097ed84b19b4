import { auditActor } from '../../shared/audit/audit-log';
import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';
import { setSpendLimit, spendLimitBodySchema } from '../../shared/spend-limit/spend-limit';

/** PUT /v1/orgs/{orgId}/spend-limit (admin or owner): sets the monthly overage budget (null removes it), audited. */
export const handler = httpHandler({ params: orgParams, body: spendLimitBodySchema }, async ({ params, body, identity }) => ({ body: await setSpendLimit(params.orgId, body, auditActor(identity)) }));

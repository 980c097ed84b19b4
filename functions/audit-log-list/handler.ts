import { auditLogQuery, listAuditLog } from '../../shared/audit/list-audit-log';
import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

/** GET /v1/orgs/{orgId}/audit-log (admin or owner): the org's audit entries, newest first, `?action=` to filter. */
export const handler = httpHandler({ params: orgParams, query: auditLogQuery }, async ({ params, query }) => ({ body: await listAuditLog(params.orgId, query) }));

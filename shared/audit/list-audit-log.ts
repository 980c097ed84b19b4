import { z } from 'zod';
import { queryPage } from '../db/query-page';
import { decodeCursor, encodeCursor, pageQuerySchema } from '../http/pagination';
import { AUDIT_ACTIONS, auditEntryFromItem, auditKeys, type AuditAction, type AuditEntry } from './audit-log';

export const auditLogQuery = pageQuerySchema.extend({
  action: z.enum(AUDIT_ACTIONS).optional().describe('only entries of this action'),
});
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

/**
 * `GET /v1/orgs/{orgId}/audit-log`: one page of the org's entries, newest first. Unfiltered, the org's partition
 * (strongly consistent); with `?action=`, GSI1 (the action's own key range, in the same order), so a rare action pages
 * without reading the others (the index is eventually consistent: an entry shows there within moments).
 */
export async function listAuditLog(orgId: string, query: AuditLogQuery): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, auditKeys.prefix);
  const page = query.action
    ? await queryPage({ index: 'gsi1', partition: auditKeys.byAction(orgId, query.action as AuditAction), prefix: auditKeys.prefix, after, limit: query.limit })
    : await queryPage({ partition: auditKeys.pk(orgId), prefix: auditKeys.prefix, after, limit: query.limit, consistent: true });
  return { entries: page.items.map(auditEntryFromItem), nextCursor: encodeCursor(page.after) };
}

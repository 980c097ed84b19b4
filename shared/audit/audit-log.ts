import { randomBytes } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { tableName } from '../db/client';

/**
 * The org's audit log (CONTRACT §3): append-only entries, each written in the same DynamoDB transaction as the change
 * it records (`auditPut` is one more item of that transaction), so there is no change without its entry and no entry
 * without its change. Where a change is not a table write (a Stripe call), the entry goes with the write that confirms
 * it (the webhook's). Nothing updates or deletes an entry.
 *
 * Keys: PK `ORG#<orgId>`, SK `AUDIT#<inverted epoch ms>#<entry id>`: an ascending query of the prefix reads newest
 * first, so the list pages with the shared `queryPage` and cursors.
 */
// The vocabulary lives apart from the table code, so schemas (OpenAPI, clients) can import it without a table.
export { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES, type AuditAction, type AuditActor } from './audit-actions';
import type { AuditAction, AuditActor } from './audit-actions';

export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  /** What changed, as `<kind>:<id>` (`member:<userId>`, `api_key:<keyId>`, `subscription:<stripeId>`, `org:<orgId>`). */
  target: string;
  details: Record<string, unknown>;
}

export const auditKeys = {
  pk: (orgId: string) => `ORG#${orgId}`,
  prefix: 'AUDIT#',
  sk: (at: Date, id: string) => `AUDIT#${String(INVERT_FROM - at.getTime()).padStart(15, '0')}#${id}`,
  /** GSI1: one org's entries of one action, in the same (newest first) order, so `?action=` pages by the index. */
  byAction: (orgId: string, action: AuditAction) => `AUDIT#${orgId}#${action}`,
};
/** Above any epoch millisecond this system will see; inverting makes newer entries sort first. */
const INVERT_FROM = 999_999_999_999_999;

/** Who did it, from the caller the route proved. The platform service key (no org) is the operator. */
export function auditActor(identity: Identity): AuditActor {
  if (identity.kind === 'user') return { type: 'user', id: identity.userId };
  if (identity.kind === 'key') return identity.orgId === null ? { type: 'operator', id: identity.keyId } : { type: 'apiKey', id: identity.keyId };
  return { type: 'system', id: 'anonymous' };
}

export interface AuditInput {
  orgId: string;
  action: AuditAction;
  actor: AuditActor;
  target: string;
  details?: Record<string, unknown>;
  /** When the change happened (defaults to now). */
  at?: Date;
}

/** The entry as one more item of the transaction that makes the change (lib-dynamodb `TransactWriteCommand` shape). */
export function auditPut(input: AuditInput): { Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string } } {
  const at = input.at ?? new Date();
  const id = `aud_${randomBytes(10).toString('hex')}`;
  const entry: AuditEntry = { id, at: at.toISOString(), actor: input.actor, action: input.action, target: input.target, details: input.details ?? {} };
  return {
    Put: {
      TableName: tableName,
      Item: {
        PK: auditKeys.pk(input.orgId),
        SK: auditKeys.sk(at, id),
        GSI1PK: auditKeys.byAction(input.orgId, input.action),
        GSI1SK: auditKeys.sk(at, id),
        type: 'audit',
        orgId: input.orgId,
        ...entry,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export function auditEntryFromItem(item: Record<string, unknown>): AuditEntry {
  return {
    id: String(item.id),
    at: String(item.at),
    actor: item.actor as AuditActor,
    action: item.action as AuditAction,
    target: String(item.target),
    details: (item.details as Record<string, unknown>) ?? {},
  };
}

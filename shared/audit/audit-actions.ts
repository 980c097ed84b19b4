/** The audit log's actions (CONTRACT §3 "Audit log") and actor kinds: plain data, importable without the table layer. */
export const AUDIT_ACTIONS = [
  'org.created',
  'member.invited',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'api_key.created',
  'api_key.revoked',
  'license.created',
  'license.revoked',
  'checkout.created',
  'subscription.created',
  'subscription.changed',
  'subscription.canceled',
  'subscription.migrated',
  'invoice.paid',
  'invoice.payment_failed',
  'credits.granted',
  'credits.purchased',
  'credits.expired',
  'mfa.enabled',
  'mfa.disabled',
  'spend_limit.changed',
  'org.override_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTOR_TYPES = ['user', 'apiKey', 'stripe', 'system', 'operator'] as const;
export interface AuditActor {
  type: (typeof AUDIT_ACTOR_TYPES)[number];
  /** userId, key id, Stripe event id, operator key id or CLI user, or the system job's name. */
  id: string;
}

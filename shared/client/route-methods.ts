import type { ArgusClient } from './argus-client';
import type { ArgusRpcClients } from './argus-rpc-client';
import type { ArgusAuthClient } from './auth-client';

type MethodOf<C> = { [K in keyof C & string]: C[K] extends (...args: never[]) => unknown ? K : never }[keyof C & string];

/** A client method: `client.<ArgusClient method>`, `auth.<ArgusAuthClient method>`, or `rpc.<service>` (the Connect clients). */
export type ClientCall = `client.${MethodOf<ArgusClient>}` | `auth.${MethodOf<ArgusAuthClient>}` | `rpc.${keyof ArgusRpcClients & string}`;

/**
 * Which client method calls each route of the route table (infra/routes.ts), by route key. Type-checked against the
 * clients' methods; route-methods.test.ts fails when a route has no entry (or an entry names no route), and
 * typed-client.int.test.ts calls every route through these methods against the local stack.
 */
export const ROUTE_METHODS = {
  'GET /health': 'client.health',
  'POST /v1/auth/signup': 'auth.signUp',
  'POST /v1/auth/confirm': 'auth.confirm',
  'POST /v1/auth/login': 'auth.login',
  'POST /v1/auth/refresh': 'auth.refresh',
  'POST /v1/auth/forgot-password': 'auth.forgotPassword',
  'POST /v1/auth/reset-password': 'auth.resetPassword',
  'POST /v1/auth/resend-code': 'auth.resendCode',
  'POST /v1/auth/logout': 'auth.logout',
  'POST /v1/auth/mfa': 'auth.completeMfa',
  'POST /v1/me/mfa/totp': 'auth.startTotp',
  'POST /v1/me/mfa/totp/verify': 'auth.verifyTotp',
  'DELETE /v1/me/mfa': 'auth.disableMfa',
  'GET /v1/me': 'client.me',
  'POST /v1/orgs': 'client.createOrg',
  'GET /v1/orgs/{orgId}': 'client.org',
  'GET /v1/orgs/{orgId}/members': 'client.listMembers',
  'PATCH /v1/orgs/{orgId}/members/{userId}': 'client.changeMemberRole',
  'DELETE /v1/orgs/{orgId}/members/{userId}': 'client.removeMember',
  'POST /v1/orgs/{orgId}/invitations': 'client.invite',
  'GET /v1/orgs/{orgId}/invitations': 'client.listInvitations',
  'DELETE /v1/orgs/{orgId}/invitations/{invitationId}': 'client.withdrawInvitation',
  'GET /v1/me/invitations': 'client.myInvitations',
  'POST /v1/invitations/{invitationId}/accept': 'client.acceptInvitation',
  'POST /v1/invitations/{invitationId}/decline': 'client.declineInvitation',
  'POST /v1/orgs/{orgId}/api-keys': 'client.createApiKey',
  'GET /v1/orgs/{orgId}/api-keys': 'client.listApiKeys',
  'DELETE /v1/orgs/{orgId}/api-keys/{keyId}': 'client.revokeApiKey',
  'GET /v1/orgs/{orgId}/entitlements': 'client.entitlements',
  'POST /v1/entitlements/check': 'client.entitlementCheck',
  'POST /v1/quota/check': 'client.quotaCheck',
  'POST /v1/quota/reserve': 'client.reserve',
  'POST /v1/quota/holds/{holdId}/commit': 'client.commit',
  'POST /v1/quota/holds/{holdId}/release': 'client.release',
  'GET /v1/orgs/{orgId}/credits': 'client.credits',
  'POST /v1/orgs/{orgId}/credits': 'client.grantCredits',
  'POST /v1/usage': 'client.recordUsage',
  'GET /v1/orgs/{orgId}/usage': 'client.usage',
  'GET /v1/orgs/{orgId}/usage/{metric}': 'client.usageSeries',
  'POST /v1/orgs/{orgId}/licenses': 'client.createLicense',
  'GET /v1/orgs/{orgId}/licenses': 'client.listLicenses',
  'DELETE /v1/orgs/{orgId}/licenses/{licenseId}': 'client.revokeLicense',
  'POST /v1/licenses/validate': 'client.validateLicense',
  'GET /v1/plans': 'client.plans',
  'POST /v1/orgs/{orgId}/checkout': 'client.createCheckout',
  'POST /v1/orgs/{orgId}/portal': 'client.openPortal',
  'GET /v1/orgs/{orgId}/subscription': 'client.subscription',
  'POST /v1/orgs/{orgId}/subscription/preview': 'client.previewPlanChange',
  'PATCH /v1/orgs/{orgId}/subscription': 'client.changeSubscription',
  'GET /v1/orgs/{orgId}/audit-log': 'client.auditLog',
  'GET /v1/orgs/{orgId}/invoices': 'client.listInvoices',
  'GET /v1/orgs/{orgId}/invoices/upcoming': 'client.upcomingInvoice',
  'GET /v1/orgs/{orgId}/invoices/{invoiceId}': 'client.invoice',
  'GET /v1/admin/metrics': 'client.adminMetrics',
  'POST /rpc/argus.auth.v1.AuthService/{method}': 'rpc.auth',
  'POST /rpc/argus.billing.v1.BillingService/{method}': 'rpc.billing',
  'POST /v1/mcp': 'client.mcp',
  'POST /v1/sync/objects': 'client.createSyncUpload',
  'GET /v1/sync/objects': 'client.listSyncObjects',
  'POST /v1/sync/objects/{objectId}/versions/{version}/commit': 'client.commitSyncVersion',
  'GET /v1/sync/objects/{objectId}/versions': 'client.listSyncVersions',
  'GET /v1/sync/objects/{objectId}/download': 'client.syncDownloadUrl',
  'POST /v1/sync/objects/{objectId}/restore': 'client.restoreSyncVersion',
  'DELETE /v1/sync/objects/{objectId}': 'client.deleteSyncObject',
  'POST /v1/analytics/events': 'client.recordTelemetry',
  'GET /v1/orgs/{orgId}/analytics': 'client.analytics',
  'POST /v1/webhooks/stripe': 'client.relayStripeWebhook',
} as const satisfies Record<string, ClientCall>;

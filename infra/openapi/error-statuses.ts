import { ipPolicy } from '../../shared/ratelimit/ip-limits-policy';
import type { RouteDef } from '../routes';
import type { LoadedSpec } from './load-route-specs';

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 429 | 500;

/**
 * What a route's domain code can refuse beyond what its table entry and request schemas imply (those are derived in
 * `errorStatuses`), by handler folder; read from the `throw new …Error` sites in shared/. Cognito's throttling maps
 * to 429 on every auth route.
 */
const domainErrors: Record<string, Partial<Record<ErrorStatus, string>>> = {
  'auth-signup': { 409: 'conflict: the email is already registered', 429: 'rate_limited: Cognito throttled the request' },
  'auth-confirm': { 429: 'rate_limited: Cognito throttled the request' },
  'auth-login': { 401: 'unauthorized: wrong email or password (the same answer for both), or email not confirmed', 429: 'rate_limited: Cognito throttled the request' },
  'auth-refresh': { 401: 'unauthorized: the refresh token is invalid, expired or logged out, or its session was ended by a password reset', 429: 'rate_limited: Cognito throttled the request' },
  'auth-forgot-password': { 429: 'rate_limited: Cognito throttled the request' },
  'auth-reset-password': { 429: 'rate_limited: Cognito throttled the request' },
  'auth-logout': { 429: 'rate_limited: Cognito throttled the request' },
  'auth-mfa': { 401: 'unauthorized: the code is wrong, or the session is unknown, used or expired', 429: 'rate_limited: Cognito throttled the request' },
  'mfa-totp-start': { 409: 'conflict: TOTP is already enabled' },
  'mfa-totp-verify': { 409: 'conflict: no enrolment was started' },
  'mfa-disable': { 409: 'conflict: MFA is not enabled' },
  'create-org': { 404: 'not_found: the profile does not exist yet (call GET /v1/me first)', 409: 'conflict: the user created 20 orgs already (the sign-up org included)' },
  'list-members': { 400: 'validation_failed: a cursor this list did not issue' },
  'member-role-change': {
    403: 'forbidden: only owners grant or take owner',
    404: 'not_found: no such member',
    409: 'conflict: the last owner keeps the owner role, or the membership changed meanwhile',
  },
  'remove-member': {
    403: 'forbidden: removing another member needs admin; only owners remove owners',
    404: 'not_found: no such member',
    409: 'conflict: the last owner can neither be removed nor leave',
  },
  'invitation-create': { 403: 'forbidden: only owners invite owners', 402: "upgrade_required: the org's members fill every seat of its plan" },
  'invitation-list': { 400: 'validation_failed: a cursor this list did not issue' },
  'invitation-delete': { 404: 'not_found: no open invitation with this id in the org' },
  'invitation-list-mine': { 400: 'validation_failed: a cursor this list did not issue' },
  'invitation-accept': {
    404: 'not_found: no open invitation with this id addressed to your email (or it expired)',
    402: "upgrade_required: the org's plan has no free seat",
    409: 'conflict: you are already a member',
  },
  'invitation-decline': { 404: 'not_found: no open invitation with this id addressed to your email' },
  'create-api-key': { 409: 'conflict: the org has 100 active API keys' },
  'list-api-keys': { 400: 'validation_failed: a cursor this list did not issue' },
  'revoke-api-key': { 404: 'not_found: no such key in this org' },
  'license-create': { 409: 'conflict: the org has 1,000 active licenses' },
  'license-list': { 400: 'validation_failed: a cursor this list did not issue' },
  'check-entitlement': { 403: "forbidden: an org key naming another org", 404: 'not_found: no such org, or the caller is not a member' },
  'quota-check': {
    403: "forbidden: an org key naming another org; `consume: true` with a member's token (consuming needs a `quota:check` key or an admin's or owner's token)",
    404: 'not_found: no such org, or the caller is not a member',
    409: 'conflict: a consume `id` already counted with a different metric or quantity',
  },
  'usage-ingest': {
    400: 'validation_failed: the events name more than 10 distinct orgs (`body.events`)',
    403: "forbidden: a member's token (recording usage needs a `usage:write` key or an admin's or owner's token), or an org key naming another org; the whole request is refused",
    404: 'not_found: a named org does not exist or the caller is not a member of it; the whole request is refused',
  },
  // Connect RPC: each method refuses what its REST twin refuses (Connect codes: CONTRACT §9, shared/rpc/connect-errors.ts).
  'rpc-auth': {
    400: 'invalid_argument: a field of the message (details name it), or no org to act on (the platform key must name org_id or user_id); a body that is not the message, or compressed',
    401: 'unauthenticated: ValidateToken: the token in the message is not a valid, live access token (the message names the problem)',
    403: "permission_denied: the REST twin's scope or role rules (GetUser: API keys are refused; an org key naming another org)",
    404: "not_found: an unknown method; an org the caller is not a member of; a user_id other than the caller's own (or outside an org key's org)",
  },
  'rpc-billing': {
    400: 'invalid_argument: a field of the message (details name it), or no org to act on; a body that is not the message, or compressed',
    403: "permission_denied: the REST twin's scope or role rules (consume and RecordUsage need a key with the scope or an admin's or owner's token)",
    404: "not_found: an unknown method; an org the caller is not a member of; a user_id other than the caller's own (or outside an org key's org)",
    409: 'already_exists: a consume or usage id already counted with a different metric or quantity',
  },
  'license-revoke': { 404: 'not_found: no such license in this org' },
  'sync-object-create': { 402: 'upgrade_required: the org would pass its hard storage_gb cap', 404: 'not_found: not a member of the org', 409: 'conflict: baseVersion is not the latest committed version' },
  'sync-object-commit': {
    400: 'validation_failed: the uploaded bytes are missing or differ in length or SHA-256',
    402: 'upgrade_required: the org reached its hard storage_gb cap meanwhile',
    404: 'not_found: no such object or version of the caller',
    409: 'conflict: another device committed on the same base first (details name the latest version)',
  },
  'sync-objects-list': { 400: 'validation_failed: a cursor this list did not issue', 404: 'not_found: not a member of the org' },
  'sync-versions-list': { 400: 'validation_failed: a cursor this list did not issue', 404: 'not_found: no such object of the caller' },
  'sync-object-download': { 404: 'not_found: no such object or committed version of the caller' },
  'sync-object-restore': { 402: 'upgrade_required: the org would pass its hard storage_gb cap', 404: 'not_found: no such object or committed version of the caller', 409: 'conflict: another version was committed meanwhile' },
  'sync-object-delete': { 404: 'not_found: no such object of the caller' },
  'license-validate': { 429: 'rate_limited: per license key (60/min) or per source IP (300/min)' },
  'billing-checkout': { 409: 'conflict: the org already has a paid subscription' },
  'subscription-preview': { 409: 'conflict: the org has no paid subscription' },
  'subscription-update': { 409: 'conflict: the org has no paid subscription' },
  'invoice-get': { 404: 'not_found: no such invoice in this org' },
};

/** Every error status a route can answer, each with why; derived from the route table and the handler's spec. */
export function errorStatuses(route: RouteDef, spec: LoadedSpec): Map<ErrorStatus, string[]> {
  const out = new Map<ErrorStatus, string[]>();
  const add = (status: ErrorStatus, why: string) => out.set(status, [...(out.get(status) ?? []), why]);
  const validated = [spec.body && 'body', spec.query && 'query', (spec.params || route.path.includes('{')) && 'path'].filter(Boolean);
  if (spec.body) add(400, 'invalid_json: the body is not JSON');
  if (spec.params || spec.body || spec.query) add(400, `validation_failed: ${validated.join(', ')} not as specified (details name each field)`);
  if (spec.raw) add(400, 'invalid_signature: Stripe-Signature missing, wrong or outside the 300 s tolerance');
  if (route.auth !== 'none') {
    add(
      401,
      route.auth === 'jwt'
        ? 'unauthorized: the message names the problem: no Authorization header, not the Bearer scheme, malformed, expired, an ID token, an invalid token, or an API key (not accepted on this route)'
        : 'unauthorized: the message names the problem: no Authorization header, not the Bearer scheme, malformed, expired, an ID token, an invalid token, or an unknown or revoked API key (one message for both)',
    );
    add(401, 'unauthorized: a user token whose session ended (logout, password reset)');
    add(429, 'rate_limited: the org tier\'s requests per minute are spent');
  }
  if (route.auth === 'jwt-or-key') add(403, `forbidden: an API key without ${route.scopes?.map((s) => `\`${s}\``).join(' or ') ?? 'a scope of the route'}`);
  if (route.path.includes('{orgId}')) {
    add(404, 'not_found: no such org, or the caller is not a member (existence is never leaked)');
    if (route.role && route.role !== 'member') add(403, `forbidden: role below \`${route.role}\``);
    if (route.auth === 'jwt-or-key') add(403, 'forbidden: an org key on another org');
  }
  const perIp = ipPolicy(`${route.method} ${route.path}`);
  if (perIp) add(429, `rate_limited: more than ${perIp.perMinute} ${perIp.counts === 'failures' ? 'failed requests' : 'requests'} per minute from one source IP`);
  for (const [status, why] of Object.entries(domainErrors[route.handler] ?? {})) add(Number(status) as ErrorStatus, why);
  add(413, 'payload_too_large: body over 256 KiB (every route)');
  add(500, 'internal: anything unexpected (logged with the request id)');
  return new Map([...out.entries()].sort(([a], [b]) => a - b).map(([status, whys]) => [status, [...new Set(whys)]]));
}

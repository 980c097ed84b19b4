import { z } from 'zod';
import { parseScopes, sessionClaims, type Identity } from '../auth/identity';
import type { CredentialProblem } from '../auth/credential-problem';
import { resolveCaller } from '../auth/resolve-caller';
import { getOrg } from '../db/orgs';
import { getUser } from '../db/users';
import { AppError, UnauthorizedError } from '../errors';
import { currentPlan } from '../plans/current-plan';
import { defaultOrgOf } from './default-org';
import { assertSessionLive } from './sessions';

/** Seed A's ValidateToken answer (JSON names), extended for API keys. An invalid credential is an answer, not a refusal. */
export interface TokenValidation {
  valid: boolean;
  /** Why the credential proves nothing (null when valid): a credential problem of CONTRACT §1, or `session_ended` (logged out, password reset). */
  reason: CredentialProblem | 'session_ended' | null;
  principal: 'user' | 'apiKey' | null;
  userId: string | null;
  email: string | null;
  /** A user's default org (see defaultOrgOf); an org key's own org; null for the platform service key. */
  orgId: string | null;
  /** The plan in force for `orgId` now. */
  tier: string | null;
  /** An API key's scopes. */
  scopes: string[] | null;
  /** When an access token expires (keys do not expire). */
  expiresAt: string | null;
}

const INVALID = { valid: false, principal: null, userId: null, email: null, orgId: null, tier: null, scopes: null, expiresAt: null } as const;
const expiryClaim = z.object({ exp: z.number().int().positive() });

/**
 * Whether a bearer credential (a Cognito access token or an Argus API key, without the `Bearer ` prefix) would be
 * accepted by the API now, judged by the authorizer's own resolveCaller plus the session check every user route runs,
 * and whose it is.
 */
export async function validateToken(token: string): Promise<TokenValidation> {
  const caller = await resolveCaller(`Bearer ${token}`);
  if (caller.principal === 'none') return { ...INVALID, reason: caller.problem };
  if (caller.principal === 'key') {
    const orgId = caller.orgId ?? null;
    return { valid: true, reason: null, principal: 'apiKey', userId: null, email: null, orgId, tier: orgId ? await tierOf(orgId) : null, scopes: parseScopes(caller.scopes), expiresAt: null };
  }
  const userId = caller.userId!;
  try {
    await assertSessionLive(userId, sessionClaims(caller.originJti, caller.authTime));
  } catch (error) {
    if (error instanceof UnauthorizedError) return { ...INVALID, reason: 'session_ended' };
    throw error;
  }
  const identity: Identity = { kind: 'user', userId, username: caller.username ?? userId };
  const [user, orgId] = await Promise.all([getUser(userId), defaultOrgOf(identity).catch(noOrg)]);
  return { valid: true, reason: null, principal: 'user', userId, email: user?.email ?? null, orgId, tier: orgId ? await tierOf(orgId) : null, scopes: null, expiresAt: expiryOf(token) };
}

/** A user who belongs to no org (they left every one) still holds a valid token. */
function noOrg(error: unknown): null {
  if (error instanceof AppError && error.statusCode === 404) return null;
  throw error;
}

async function tierOf(orgId: string): Promise<string | null> {
  const org = await getOrg(orgId);
  return org ? currentPlan(org).id : null;
}

/** `exp` of a token whose signature resolveCaller has just verified (so its payload is the issuer's). */
function expiryOf(token: string): string | null {
  try {
    const payload = expiryClaim.safeParse(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')));
    return payload.success ? new Date(payload.data.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

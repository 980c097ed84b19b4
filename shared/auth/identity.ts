import { API_KEY_SCOPES, type ApiKeyScope } from '../identity/roles';
import { credentialError, isCredentialProblem, type CredentialProblem } from './credential-problem';
import type { ApiEvent } from '../http/types';

/** Who is calling, as proven by an authorizer. `orgId: null` on a key marks the platform service key (any org). */
export type Identity =
  | { kind: 'user'; userId: string; username: string; session?: SessionClaims }
  | { kind: 'key'; keyId: string; orgId: string | null; scopes: ApiKeyScope[] }
  /** `problem`: why the credentials sent (if any) prove nothing; the route's 401 names it. */
  | { kind: 'anonymous'; problem?: CredentialProblem };

/** The token's sign-in session: `origin_jti` (AWS; the local Cognito adds it too) and the sign-in time (epoch seconds). */
export interface SessionClaims {
  originJti?: string;
  authTime?: number;
}

/** The Lambda authorizer's context: flat strings, because API Gateway passes only primitives. */
export interface KeyOrUserContext {
  principal: 'user' | 'key';
  userId?: string;
  username?: string;
  keyId?: string;
  orgId?: string;
  scopes?: string;
  originJti?: string;
  authTime?: string;
}

export function parseScopes(value: string | undefined): ApiKeyScope[] {
  return (value ?? '').split(' ').filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s));
}

/** Reads the identity from either authorizer's output. ID tokens are refused here too (the JWT authorizer alone would accept them). */
export function identityFromEvent(event: ApiEvent): Identity {
  const authorizer = event.requestContext.authorizer;
  const claims = authorizer?.jwt?.claims;
  if (claims) {
    if (claims.token_use !== 'access' || typeof claims.sub !== 'string') throw credentialError(claims.token_use === 'id' ? 'id_token' : 'invalid_token');
    return { kind: 'user', userId: claims.sub, username: String(claims.username ?? claims.sub), session: sessionClaims(claims.origin_jti, claims.auth_time) };
  }
  const context = authorizer?.lambda as KeyOrUserContext | undefined;
  if (context?.principal === 'user' && context.userId) {
    return { kind: 'user', userId: context.userId, username: context.username ?? context.userId, session: sessionClaims(context.originJti, context.authTime) };
  }
  if (context?.principal === 'key' && context.keyId) {
    return { kind: 'key', keyId: context.keyId, orgId: context.orgId || null, scopes: parseScopes(context.scopes) };
  }
  const problem = (authorizer?.lambda as { problem?: unknown } | undefined)?.problem;
  return isCredentialProblem(problem) ? { kind: 'anonymous', problem } : { kind: 'anonymous' };
}

/** API Gateway hands JWT claims over as strings; both authorizers' values are read the same way. */
export function sessionClaims(originJti: unknown, authTime: unknown): SessionClaims {
  const time = Number(authTime);
  return { ...(typeof originJti === 'string' && originJti ? { originJti } : {}), ...(Number.isFinite(time) && time > 0 ? { authTime: time } : {}) };
}

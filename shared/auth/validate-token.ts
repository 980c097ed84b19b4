import { NotFoundError, UnauthorizedError } from '../errors';
import { validateToken } from '../identity/validate-token';
import { credentialError } from './credential-problem';

export interface ValidatedToken {
  userId: string;
  email: string;
  expiresAt: Date;
  /** The user's default org (shared/identity/default-org.ts) and the plan in force there. */
  orgId: string;
  planId: string;
}

/**
 * A Cognito access token another service was handed, validated as a user's (the RPC API's ValidateToken): the one
 * validation `validateToken` makes (the authorizer's checks plus the session checks every user request gets), with
 * what is not a live user's token refused as a 401 naming the problem, and a user of no org as 404.
 */
export async function validateUserToken(token: string): Promise<ValidatedToken> {
  const v = await validateToken(token);
  if (!v.valid) throw v.reason === 'session_ended' || v.reason === null ? new UnauthorizedError('The session has ended (logged out, or the password was reset)') : credentialError(v.reason);
  if (v.principal !== 'user' || !v.userId || !v.expiresAt) throw credentialError('malformed');
  if (!v.orgId || !v.tier) throw new NotFoundError('The user belongs to no org');
  return { userId: v.userId, email: v.email ?? '', expiresAt: new Date(v.expiresAt), orgId: v.orgId, planId: v.tier };
}

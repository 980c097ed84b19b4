import { getOrgEntitlements } from '../entitlements/get-entitlements';
import { defaultOrgOf } from '../identity/default-org';
import { getMe } from '../identity/get-me';
import { assertSessionLive } from '../identity/sessions';
import { credentialError, readBearer } from './credential-problem';
import { tokenProblem, verifyAccessToken } from './verify-access-token';

export interface ValidatedToken {
  userId: string;
  email: string;
  expiresAt: Date;
  /** The user's default org (shared/identity/default-org.ts) and the plan in force there. */
  orgId: string;
  planId: string;
}

/**
 * Validates a Cognito access token another service was handed (not the caller's own credential): the same checks the
 * authorizer makes (shape, signature, issuer, client, expiry, token use: ID tokens are refused) plus the session checks
 * every user request gets (logged out, ended by a password reset). A failure is a 401 naming the problem.
 */
export async function validateToken(token: string): Promise<ValidatedToken> {
  const credential = readBearer(`Bearer ${token}`);
  if (credential.kind === 'problem') throw credentialError(credential.problem === 'missing' ? 'missing' : 'malformed');
  if (credential.kind === 'key') throw credentialError('malformed');
  const claims = await verifyAccessToken(credential.token).catch((error: unknown) => {
    throw credentialError(tokenProblem(error));
  });
  await assertSessionLive(claims.sub, { originJti: claims.originJti, authTime: claims.authTime });
  const me = await getMe(claims.sub, claims.username);
  const orgId = await defaultOrgOf(claims.sub);
  const { planId } = await getOrgEntitlements(orgId);
  return { userId: claims.sub, email: me.email, expiresAt: new Date(claims.expiresAt * 1000), orgId, planId };
}

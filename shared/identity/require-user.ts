import { readBearer } from '../auth/credential-problem';
import type { Identity } from '../auth/identity';
import { ForbiddenError, UnauthorizedError } from '../errors';

/** For routes only a signed-in person may use: an API key is refused with 403, no identity with 401. */
export function requireUser(identity: Identity): Extract<Identity, { kind: 'user' }> {
  if (identity.kind === 'user') return identity;
  if (identity.kind === 'key') throw new ForbiddenError('This needs a signed-in user, not an API key');
  throw new UnauthorizedError();
}

/** The caller's own access token, for Cognito APIs that act on the token's user (MFA). The authorizer has verified it. */
export function userAccessToken(authorization: string | undefined): string {
  const credential = readBearer(authorization);
  if (credential.kind !== 'jwt') throw new UnauthorizedError();
  return credential.token;
}

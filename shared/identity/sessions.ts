import { AdminUserGlobalSignOutCommand, InitiateAuthCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { SessionClaims } from '../auth/identity';
import { cognito, cognitoConfig } from '../auth/cognito';
import { endSessionsBefore, putRevokedSession, readSessionState } from '../db/sessions';
import { UnauthorizedError } from '../errors';
import { logger } from '../logger';
import { trustedClaims } from './tokens';

/**
 * Ending sessions before their tokens expire. Cognito revokes refresh tokens itself (RevokeToken, global sign-out), and
 * on AWS it refuses a revoked session's access tokens on its own APIs, but a JWT verifier (API Gateway's authorizer,
 * aws-jwt-verify) still accepts them until they expire. So Argus checks every user request against two records
 * (shared/db/sessions.ts): the session's `origin_jti` revoked by logout, and the user's `validAfter` set by a password
 * reset. The cost is one consistent BatchGetItem per request made with a user's token (API keys skip it).
 */

export const sessionEnded = () => new UnauthorizedError('This session has ended; sign in again');

/** Refuses an access token whose session was logged out, or that was signed in before the user's last password reset. */
export async function assertSessionLive(userId: string, session: SessionClaims = {}): Promise<void> {
  const state = await readSessionState(userId, session.originJti);
  if (state.revoked || (session.authTime !== undefined && session.authTime < state.validAfter)) throw sessionEnded();
}

/**
 * Logout: the refresh token stops working (Cognito RevokeToken) and so do the access tokens issued from it (Argus's
 * revocation record of its `origin_jti`). A refresh token that no longer works is already logged out: 204 either way,
 * so logout is idempotent and says nothing about the token.
 */
export async function logout(refreshToken: string): Promise<void> {
  // The refresh token itself is opaque on AWS (encrypted); a token issued from it names its session and user.
  const result = await cognito
    .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cognitoConfig.USER_POOL_CLIENT_ID, AuthParameters: { REFRESH_TOKEN: refreshToken } }))
    .catch((error: unknown) => {
      if ((error as Error).name === 'NotAuthorizedException') return undefined;
      throw error;
    });
  const accessToken = result?.AuthenticationResult?.AccessToken;
  if (!accessToken) return;
  const claims = trustedClaims(accessToken);
  // Revocation first: if it fails the caller retries with a refresh token that still works.
  if (claims.origin_jti) await putRevokedSession(claims.origin_jti, claims.sub, (claims.exp ?? Math.floor(Date.now() / 1000) + 86_400) + 60);
  await cognito.send(new RevokeTokenCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Token: refreshToken })).catch((error: unknown) => {
    if ((error as Error).name !== 'NotAuthorizedException') throw error;
  });
}

/**
 * Ends every session the user signed in to before now (password reset): Cognito's global sign-out revokes their refresh
 * tokens, and the cutoff refuses their access tokens. Cognito's `auth_time` is whole seconds, so the cutoff is the
 * current second: a session opened within the same second as the reset survives it (a sign-in right after the reset
 * must work, and it may share that second).
 */
export async function endAllSessions(userId: string, username: string): Promise<void> {
  await endSessionsBefore(userId, Math.floor(Date.now() / 1000));
  await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: username }));
}

/** A refresh must not revive an ended session: tokens refreshed from one are refused, and its refresh token revoked. */
export async function assertRefreshedSessionLive(refreshToken: string, accessToken: string): Promise<void> {
  const claims = trustedClaims(accessToken);
  try {
    await assertSessionLive(claims.sub, { originJti: claims.origin_jti, authTime: claims.auth_time });
  } catch (error) {
    await cognito.send(new RevokeTokenCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Token: refreshToken })).catch((e: unknown) => {
      logger.warn('could not revoke the refresh token of an ended session', { reason: (e as Error)?.name });
    });
    throw error;
  }
}

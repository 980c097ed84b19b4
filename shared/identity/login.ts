import { InitiateAuthCommand, type AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, cognitoConfig } from '../auth/cognito';
import { mapCognitoError, wrongCredentials } from '../auth/cognito-errors';
import { UnauthorizedError } from '../errors';
import { markUserActive } from '../analytics/mark-active';
import { provisionAccount } from './provision-account';
import { assertRefreshedSessionLive } from './sessions';
import { toTokens, trustedClaims, type Tokens } from './tokens';

export type LoginTokens = Tokens & { refreshToken: string };
/** With MFA on, the password step answers this; `POST /v1/auth/mfa` with the session and a code gives the tokens. */
export interface MfaChallenge {
  challenge: 'totp';
  session: string;
}

/** Email + password sign-in. A wrong password and an unknown email answer the same 401. Completes a half-made account. */
export async function login(email: string, password: string): Promise<LoginTokens | MfaChallenge> {
  const { AuthenticationResult, ChallengeName, Session } = await cognito
    .send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognitoConfig.USER_POOL_CLIENT_ID, AuthParameters: { USERNAME: email, PASSWORD: password } }))
    // cognito-local names a wrong password InvalidPasswordException; it is the same 401 as an unknown email.
    .catch((error: unknown) => mapCognitoError(error, { InvalidPasswordException: wrongCredentials }));
  if (ChallengeName === 'SOFTWARE_TOKEN_MFA' && Session) return { challenge: 'totp', session: Session };
  return signedIn(AuthenticationResult, email);
}

/** The tokens of a completed sign-in (password, or password then MFA); the first one also completes a half-made account. */
export async function signedIn(result: AuthenticationResultType | undefined, email: string): Promise<LoginTokens> {
  const tokens = toTokens(result);
  if (!result?.RefreshToken) throw new Error('Cognito returned no refresh token');
  const claims = trustedClaims(tokens.idToken);
  await provisionAccount({ userId: claims.sub, email: claims.email ?? email, name: claims.name ?? null });
  // A sign-in counts toward dau/mau (shared/analytics/mark-active.ts).
  await markUserActive(claims.sub);
  return { ...tokens, refreshToken: result.RefreshToken };
}

/** New access and ID tokens for a refresh token; an unknown, revoked or expired refresh token, or an ended session, is a 401. */
export async function refreshTokens(refreshToken: string): Promise<Tokens> {
  const { AuthenticationResult } = await cognito
    .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cognitoConfig.USER_POOL_CLIENT_ID, AuthParameters: { REFRESH_TOKEN: refreshToken } }))
    .catch((error: unknown) => mapCognitoError(error, { NotAuthorizedException: () => new UnauthorizedError('The refresh token is not valid') }));
  const tokens = toTokens(AuthenticationResult);
  await assertRefreshedSessionLive(refreshToken, tokens.accessToken);
  return tokens;
}

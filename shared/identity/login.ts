import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, cognitoConfig } from '../auth/cognito';
import { mapCognitoError, wrongCredentials } from '../auth/cognito-errors';
import { UnauthorizedError } from '../errors';
import { provisionAccount } from './provision-account';
import { toTokens, trustedClaims, type Tokens } from './tokens';

/** Email + password sign-in. A wrong password and an unknown email answer the same 401. Completes a half-made account. */
export async function login(email: string, password: string): Promise<Tokens & { refreshToken: string }> {
  const { AuthenticationResult } = await cognito
    .send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognitoConfig.USER_POOL_CLIENT_ID, AuthParameters: { USERNAME: email, PASSWORD: password } }))
    // cognito-local names a wrong password InvalidPasswordException; it is the same 401 as an unknown email.
    .catch((error: unknown) => mapCognitoError(error, { InvalidPasswordException: wrongCredentials }));
  const tokens = toTokens(AuthenticationResult);
  if (!AuthenticationResult?.RefreshToken) throw new Error('Cognito returned no refresh token');
  const claims = trustedClaims(tokens.idToken);
  await provisionAccount({ userId: claims.sub, email: claims.email ?? email, name: claims.name ?? null });
  return { ...tokens, refreshToken: AuthenticationResult.RefreshToken };
}

/** New access and ID tokens for a refresh token; an unknown, revoked or expired refresh token is a 401. */
export async function refreshTokens(refreshToken: string): Promise<Tokens> {
  const { AuthenticationResult } = await cognito
    .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cognitoConfig.USER_POOL_CLIENT_ID, AuthParameters: { REFRESH_TOKEN: refreshToken } }))
    .catch((error: unknown) => mapCognitoError(error, { NotAuthorizedException: () => new UnauthorizedError('The refresh token is not valid') }));
  return toTokens(AuthenticationResult);
}

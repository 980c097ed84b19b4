import {
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { recordMfaChange } from '../audit/record-mfa-change';
import { cognito, cognitoConfig } from '../auth/cognito';
import { invalidCode, mapCognitoError } from '../auth/cognito-errors';
import { getUser } from '../db/users';
import { ConflictError, UnauthorizedError } from '../errors';
import { signedIn, type LoginTokens } from './login';

/**
 * TOTP (authenticator app) MFA. Cognito holds the secret and checks the codes; Argus never stores the secret. The user
 * calls these with their own access token (Cognito's software-token APIs act on the token's user).
 */

export const ISSUER = 'Argus';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

/** Whether the user has TOTP switched on (Cognito's MFA settings for the user). */
async function totpEnabled(username: string): Promise<boolean> {
  const { UserMFASettingList = [] } = await cognito.send(new AdminGetUserCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: username }));
  return UserMFASettingList.includes('SOFTWARE_TOKEN_MFA');
}

/**
 * Starts enrolment: a new secret for the user's authenticator app, as the raw base32 secret and an `otpauth://` URI
 * (for a QR code). Refused while TOTP is on: a new secret would replace the one the user's app holds.
 */
export async function startTotpEnrolment(accessToken: string, user: { userId: string; username: string }): Promise<TotpEnrolment> {
  if (await totpEnabled(user.username)) throw new ConflictError('TOTP is already enabled; disable it before enrolling a new authenticator');
  const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken })).catch((error: unknown) => mapCognitoError(error));
  if (!SecretCode) throw new Error('Cognito returned no TOTP secret');
  const account = (await getUser(user.userId))?.email ?? user.username;
  const label = encodeURIComponent(`${ISSUER}:${account}`);
  return { secret: SecretCode, otpauthUri: `otpauth://totp/${label}?secret=${SecretCode}&issuer=${ISSUER}&algorithm=SHA1&digits=6&period=30` };
}

// Cognito answers a wrong code on verify with EnableSoftwareTokenMFAException (AWS) or CodeMismatchException (both).
const verifyErrors = {
  EnableSoftwareTokenMFAException: invalidCode,
  CodeMismatchException: invalidCode,
  InvalidParameterException: () => new ConflictError('Start TOTP enrolment first (POST /v1/me/mfa/totp)'),
};

/** Finishes enrolment with a code from the app; from then on sign-in asks for a code. */
export async function enableTotp(accessToken: string, code: string, userId: string): Promise<{ enabled: true }> {
  await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code })).catch((error: unknown) => mapCognitoError(error, verifyErrors));
  await cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  // Confirmed by Cognito: now the audit log (once per change of state, so a retry adds nothing).
  await recordMfaChange(userId, true);
  return { enabled: true };
}

/** Turns TOTP off; a current code from the app is required, so a stolen session alone cannot remove the second factor. */
export async function disableTotp(accessToken: string, user: { userId: string; username: string }, code: string): Promise<void> {
  const { username } = user;
  if (!(await totpEnabled(username))) throw new ConflictError('MFA is not enabled');
  await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code })).catch((error: unknown) => mapCognitoError(error, verifyErrors));
  await cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }));
  await recordMfaChange(user.userId, false);
}

const wrongCodeOrSession = () => new UnauthorizedError('The code is wrong, or the sign-in has expired (log in again)');

/** Second step of a sign-in with MFA on: the `session` from login and a code from the app give the tokens. */
export async function completeTotpLogin(email: string, session: string, code: string): Promise<LoginTokens> {
  const { AuthenticationResult } = await cognito
    .send(
      new RespondToAuthChallengeCommand({
        ClientId: cognitoConfig.USER_POOL_CLIENT_ID,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    )
    .catch((error: unknown) =>
      mapCognitoError(error, { CodeMismatchException: wrongCodeOrSession, ExpiredCodeException: wrongCodeOrSession, NotAuthorizedException: wrongCodeOrSession, InvalidParameterException: wrongCodeOrSession }),
    );
  return signedIn(AuthenticationResult, email);
}

import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito, cognitoConfig } from '../auth/cognito';
import { invalidCode, mapCognitoError, passwordRule } from '../auth/cognito-errors';
import { ValidationError } from '../errors';
import { logger } from '../logger';
import { provisionAccount } from './provision-account';
import { endAllSessions } from './sessions';

// Wrong code, unknown email or an already-confirmed user all read as "wrong code": nothing tells whether an account exists.
const codeErrors = { UserNotFoundException: invalidCode, NotAuthorizedException: invalidCode, InvalidParameterException: invalidCode };

/** Confirms a sign-up with the emailed code; the account (profile, first org) exists from then on. */
export async function confirmSignUp(email: string, code: string): Promise<void> {
  await cognito
    .send(new ConfirmSignUpCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email, ConfirmationCode: code }))
    .catch((error: unknown) => mapCognitoError(error, codeErrors));
  const user = await cognitoUser(email);
  await provisionAccount({ userId: user.sub, email: user.email ?? email, name: user.name ?? null });
}

/** The pool's record of a user by email: its username and the attributes Argus reads. */
async function cognitoUser(email: string): Promise<{ username: string; sub: string; email?: string; name?: string }> {
  const { Username, UserAttributes = [] } = await cognito.send(new AdminGetUserCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: email }));
  const attribute = (name: string) => UserAttributes.find((a) => a.Name === name)?.Value;
  const sub = attribute('sub');
  if (!Username || !sub) throw new Error('Cognito user has no username or sub');
  return { username: Username, sub, email: attribute('email'), name: attribute('name') };
}

/** Mails a new sign-up code to an unconfirmed account. Never fails for the caller: unknown and confirmed emails look the same. */
export async function resendConfirmationCode(email: string): Promise<void> {
  try {
    await cognito.send(new ResendConfirmationCodeCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email }));
  } catch (error) {
    // Throttling included: a 429 here would tell that the address has an account.
    logger.warn('resend-code did not send a code', { reason: (error as Error)?.name });
  }
}

/** Sends a reset code when the account exists. Never fails for the caller: the answer must not reveal whether it does. */
export async function forgotPassword(email: string): Promise<void> {
  try {
    await cognito.send(new ForgotPasswordCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email }));
  } catch (error) {
    logger.warn('forgot-password did not send a code', { reason: (error as Error)?.name });
  }
}

/** Sets a new password with the code from forgot-password, then ends every session opened before (a reset is often a takeover's cure). */
export async function resetPassword(email: string, code: string, newPassword: string): Promise<void> {
  await cognito
    .send(new ConfirmForgotPasswordCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email, ConfirmationCode: code, Password: newPassword }))
    .catch((error: unknown) =>
      mapCognitoError(error, { ...codeErrors, InvalidPasswordException: () => new ValidationError([{ path: 'body.newPassword', message: passwordRule }]) }),
    );
  const user = await cognitoUser(email);
  await endAllSessions(user.sub, user.username);
}

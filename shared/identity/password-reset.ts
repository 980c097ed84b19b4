import { ConfirmForgotPasswordCommand, ConfirmSignUpCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, cognitoConfig } from '../auth/cognito';
import { invalidCode, mapCognitoError, passwordRule } from '../auth/cognito-errors';
import { ValidationError } from '../errors';
import { logger } from '../logger';

// Wrong code, unknown email or an already-confirmed user all read as "wrong code": nothing tells whether an account exists.
const codeErrors = { UserNotFoundException: invalidCode, NotAuthorizedException: invalidCode, InvalidParameterException: invalidCode };

/** Confirms a sign-up with the emailed code. */
export async function confirmSignUp(email: string, code: string): Promise<void> {
  await cognito
    .send(new ConfirmSignUpCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email, ConfirmationCode: code }))
    .catch((error: unknown) => mapCognitoError(error, codeErrors));
}

/** Sends a reset code when the account exists. Never fails for the caller: the answer must not reveal whether it does. */
export async function forgotPassword(email: string): Promise<void> {
  try {
    await cognito.send(new ForgotPasswordCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email }));
  } catch (error) {
    logger.warn('forgot-password did not send a code', { reason: (error as Error)?.name });
  }
}

/** Sets a new password with the code from forgot-password. */
export async function resetPassword(email: string, code: string, newPassword: string): Promise<void> {
  await cognito
    .send(new ConfirmForgotPasswordCommand({ ClientId: cognitoConfig.USER_POOL_CLIENT_ID, Username: email, ConfirmationCode: code, Password: newPassword }))
    .catch((error: unknown) =>
      mapCognitoError(error, { ...codeErrors, InvalidPasswordException: () => new ValidationError([{ path: 'body.newPassword', message: passwordRule }]) }),
    );
}

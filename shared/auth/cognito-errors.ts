import { AppError, RateLimitedError, UnauthorizedError, ValidationError } from '../errors';

/**
 * Maps a Cognito SDK error to the contract's error for one operation. Cognito's own messages never reach the client
 * (they name pools, parameters and internals); anything unexpected is rethrown and becomes a logged 500.
 */
export function mapCognitoError(error: unknown, overrides: Record<string, () => AppError> = {}): never {
  const name = (error as Error)?.name ?? '';
  const override = overrides[name];
  if (override) throw override();
  switch (name) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
    case 'PasswordResetRequiredException':
      throw wrongCredentials();
    case 'UserNotConfirmedException':
      throw new UnauthorizedError('Confirm your email address before logging in');
    case 'InvalidPasswordException':
      throw new ValidationError([{ path: 'body.password', message: passwordRule }]);
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      throw invalidCode();
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      throw new RateLimitedError(60);
    default:
      throw error;
  }
}

export const passwordRule = 'At least 8 characters with an upper-case letter, a lower-case letter and a digit';

export function invalidCode(): ValidationError {
  return new ValidationError([{ path: 'body.code', message: 'The code is wrong or has expired' }]);
}

export function wrongCredentials(): UnauthorizedError {
  return new UnauthorizedError('The email or password is wrong');
}

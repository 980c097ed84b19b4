import { emitMetric } from '../observability/metrics';
import { AdminConfirmSignUpCommand, AdminDeleteUserCommand, AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, cognitoConfig } from '../auth/cognito';
import { mapCognitoError } from '../auth/cognito-errors';
import { ConflictError } from '../errors';
import { putPendingSignUp } from '../db/pending-signups';
import { provisionAccount } from './provision-account';

export interface SignUpInput {
  email: string;
  password: string;
  name?: string;
  orgName?: string;
}

export interface SignUpResult {
  userId: string;
  email: string;
  /** Null until the email is confirmed (stages that do not auto-confirm). */
  orgId: string | null;
  confirmed: boolean;
}

/**
 * Registers the user in Cognito. On a stage that auto-confirms (local) the profile and first org are made at once;
 * elsewhere at `confirm` (or the first login after it), so an unconfirmed address is never found by email. If making
 * them fails the Cognito user still exists; the next confirm, login or GET /v1/me finishes the account (provisionAccount).
 * A confirmed email is a 409; an unconfirmed one is taken over by the new sign-up (only the mailbox can confirm it).
 */
export async function signUp(input: SignUpInput): Promise<SignUpResult> {
  const { UserSub: userId, UserConfirmed } = await register(input)
    .catch(async (error: unknown) => {
      // An address nobody confirmed is not an account: a new sign-up replaces it (a squatter cannot hold an email).
      if ((error as Error).name !== 'UsernameExistsException' || !(await dropUnconfirmed(input.email))) throw error;
      return register(input);
    })
    .catch((error: unknown) => mapCognitoError(error, { UsernameExistsException: () => new ConflictError('An account with this email already exists') }));
  if (!userId) throw new Error('Cognito SignUp returned no user sub');
  emitMetric('SignUps');

  let confirmed = UserConfirmed ?? false;
  if (!confirmed && cognitoConfig.AUTO_CONFIRM_SIGNUP) {
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: userId }));
    confirmed = true;
  }
  if (!confirmed) {
    if (input.orgName) await putPendingSignUp(userId, input.orgName);
    return { userId, email: input.email.toLowerCase(), orgId: null, confirmed };
  }
  const user = await provisionAccount({ userId, email: input.email, name: input.name ?? null, orgName: input.orgName });
  return { userId, email: user.email, orgId: user.defaultOrgId, confirmed };
}

function register(input: SignUpInput) {
  return cognito.send(
    new SignUpCommand({
      ClientId: cognitoConfig.USER_POOL_CLIENT_ID,
      Username: input.email,
      Password: input.password,
      UserAttributes: [{ Name: 'email', Value: input.email }, ...(input.name ? [{ Name: 'name', Value: input.name }] : [])],
    }),
  );
}

/** Deletes the pool's user for this email if it never confirmed it; true when it did. */
async function dropUnconfirmed(email: string): Promise<boolean> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: email })).catch(() => undefined);
  if (user?.UserStatus !== 'UNCONFIRMED' || !user.Username) return false;
  await cognito.send(new AdminDeleteUserCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: user.Username }));
  return true;
}

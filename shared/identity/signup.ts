import { AdminConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, cognitoConfig } from '../auth/cognito';
import { mapCognitoError } from '../auth/cognito-errors';
import { ConflictError } from '../errors';
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
  orgId: string;
  confirmed: boolean;
}

/**
 * Registers the user in Cognito, confirms them at once on the local stage, then creates their profile and first org.
 * If that last step fails the Cognito user still exists; the first login finishes the account (provisionAccount).
 */
export async function signUp(input: SignUpInput): Promise<SignUpResult> {
  const { UserSub: userId, UserConfirmed } = await cognito
    .send(
      new SignUpCommand({
        ClientId: cognitoConfig.USER_POOL_CLIENT_ID,
        Username: input.email,
        Password: input.password,
        UserAttributes: [{ Name: 'email', Value: input.email }, ...(input.name ? [{ Name: 'name', Value: input.name }] : [])],
      }),
    )
    .catch((error: unknown) => mapCognitoError(error, { UsernameExistsException: () => new ConflictError('An account with this email already exists') }));
  if (!userId) throw new Error('Cognito SignUp returned no user sub');

  let confirmed = UserConfirmed ?? false;
  if (!confirmed && cognitoConfig.AUTO_CONFIRM_SIGNUP) {
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: cognitoConfig.USER_POOL_ID, Username: userId }));
    confirmed = true;
  }
  const user = await provisionAccount({ userId, email: input.email, name: input.name ?? null, orgName: input.orgName });
  return { userId, email: user.email, orgId: user.defaultOrgId, confirmed };
}

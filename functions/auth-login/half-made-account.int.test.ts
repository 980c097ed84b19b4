import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { api, localStack } from '../../infra/local/testing/local-stack';
import { login, TEST_PASSWORD, uniqueEmail } from '../../infra/local/testing/users';

/**
 * Sign-up is Cognito first, then the database. If the database write fails, Cognito already holds the email (a retry
 * of sign-up answers 409), so the account is finished on first login. Reproduced by signing up in Cognito directly.
 */
describe('an account whose sign-up stopped after Cognito', () => {
  it('is completed on first login: profile, first org (owner, explorer)', async () => {
    const { cognito, region, credentials } = localStack();
    const client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region, credentials });
    const email = uniqueEmail('halfmade');
    const { UserSub } = await client.send(new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: TEST_PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: UserSub! }));
    client.destroy();

    expect((await api('/v1/auth/signup', { body: { email, password: TEST_PASSWORD } })).status).toBe(409);
    const tokens = await login(email);
    const me = await api('/v1/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: UserSub, email, orgs: [{ id: me.body.defaultOrgId, role: 'owner', planId: 'explorer' }] });
    // Logging in again changes nothing: still one org.
    await login(email);
    expect((await api('/v1/me', { token: tokens.accessToken })).body.orgs).toHaveLength(1);
  });
});

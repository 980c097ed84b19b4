import { localStack } from '../../infra/local/testing/local-stack';
import { TEST_PASSWORD, uniqueEmail } from '../../infra/local/testing/users';
import { ArgusApiError } from './argus-client';
import { ArgusAuthClient, type AuthTokens } from './auth-client';

describe('ArgusAuthClient against the local stack', () => {
  it('signs up, logs in, refreshes and logs out; a logged-out refresh token throws the 401', async () => {
    const client = new ArgusAuthClient({ baseUrl: localStack().apiUrl });
    const email = uniqueEmail('client');
    const account = await client.signUp({ email, password: TEST_PASSWORD });
    expect(account).toMatchObject({ email, confirmed: true, orgId: expect.stringMatching(/^org_/) });

    const tokens = (await client.login(email, TEST_PASSWORD)) as AuthTokens;
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect((await client.refresh(tokens.refreshToken)).tokenType).toBe('Bearer');
    await expect(client.logout(tokens.refreshToken)).resolves.toBeUndefined();
    const refused = await client.refresh(tokens.refreshToken).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ArgusApiError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(client.resendCode(email)).resolves.toBeUndefined();
  });
});

import { api } from '../../infra/local/testing/local-stack';
import { latestCode } from '../../infra/local/testing/mail';
import { login, newUser, TEST_PASSWORD } from '../../infra/local/testing/users';

const refresh = (refreshToken: string) => api('/v1/auth/refresh', { body: { refreshToken } });
const me = (token: string) => api('/v1/me', { token });

/** Cognito's `auth_time` is whole seconds: start the next step in a later second than the sign-in before it. */
async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
}

describe('logout', () => {
  it('ends the refresh token and the access tokens of its session, and no other session', async () => {
    const user = await newUser();
    const other = await login(user.email);
    const refreshed = await refresh(user.refreshToken);
    expect(refreshed.status).toBe(200);

    const out = await api('/v1/auth/logout', { body: { refreshToken: user.refreshToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('x-request-id')).toBeTruthy();

    const again = await refresh(user.refreshToken);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('unauthorized');
    // The session's access tokens: the one from sign-in and the one refreshed from it before the logout.
    for (const token of [user.token, refreshed.body.accessToken]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/session has ended/) });
    }
    // Routes behind the Lambda authorizer refuse it too.
    expect((await api('/v1/quota/check', { token: user.token, body: { orgId: user.orgId, metric: 'api_calls', quantity: 1 } })).status).toBe(401);

    // Another sign-in of the same user is untouched.
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('answers 204 again for a logged-out or unknown refresh token, revealing nothing', async () => {
    const user = await newUser();
    expect((await api('/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    expect((await api('/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    expect((await api('/v1/auth/logout', { body: { refreshToken: 'not-a-token' } })).status).toBe(204);
    const bad = await api('/v1/auth/logout', { body: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'body.refreshToken', message: expect.any(String) }]);
  });
});

describe('reset-password', () => {
  it('ends the sessions opened before it: their access and refresh tokens are refused; a new sign-in works', async () => {
    const user = await newUser();
    const second = await login(user.email);
    await nextSecond();

    const asked = new Date().toISOString();
    expect((await api('/v1/auth/forgot-password', { body: { email: user.email } })).status).toBe(202);
    const code = await latestCode(user.email, /reset/i, asked);
    const reset = await api('/v1/auth/reset-password', { body: { email: user.email, code, newPassword: 'Brand-New-Pass-7' } });
    expect(reset.status).toBe(200);

    for (const token of [user.token, second.accessToken]) expect((await me(token)).status).toBe(401);
    for (const token of [user.refreshToken, second.refreshToken]) expect((await refresh(token)).status).toBe(401);

    expect((await api('/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })).status).toBe(401);
    const fresh = await login(user.email, 'Brand-New-Pass-7');
    expect((await me(fresh.accessToken)).status).toBe(200);
    expect((await refresh(fresh.refreshToken)).status).toBe(200);
  });
});

import { api } from '../../infra/local/testing/local-stack';
import { login, newUser, signUp, TEST_PASSWORD, uniqueEmail } from '../../infra/local/testing/users';

describe('auth routes', () => {
  it('signs up (auto-confirmed locally), logs in and lists the new org on /v1/me', async () => {
    const email = uniqueEmail('Signup').toUpperCase();
    const res = await api('/v1/auth/signup', { body: { email, password: TEST_PASSWORD, name: 'Ada', orgName: 'Ada Labs' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ userId: expect.any(String), email: email.toLowerCase(), orgId: expect.stringMatching(/^org_/), confirmed: true });

    const tokens = await login(email.toLowerCase());
    expect(tokens).toEqual({ accessToken: expect.any(String), idToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number), tokenType: 'Bearer' });
    expect(tokens.expiresIn).toBeGreaterThan(0);

    const me = await api('/v1/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: res.body.userId,
      email: email.toLowerCase(),
      name: 'Ada',
      defaultOrgId: res.body.orgId,
      orgs: [{ id: res.body.orgId, name: 'Ada Labs', slug: expect.stringMatching(/^ada-labs/), role: 'owner', planId: 'explorer' }],
    });
  });

  it('refuses a duplicate email with 409', async () => {
    const { email } = await signUp();
    const res = await api('/v1/auth/signup', { body: { email, password: TEST_PASSWORD } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('enforces the password policy with field details', async () => {
    for (const password of ['Short1', 'alllowercase1', 'ALLUPPERCASE1', 'NoDigitsHere']) {
      const res = await api('/v1/auth/signup', { body: { email: uniqueEmail(), password } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('body.password');
    }
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const { email } = await signUp();
    const wrong = await api('/v1/auth/login', { body: { email, password: 'Wrong-Password-1' } });
    const unknown = await api('/v1/auth/login', { body: { email: uniqueEmail(), password: 'Wrong-Password-1' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(JSON.stringify(wrong.body)).not.toMatch(/Exception|cognito/i);
  });

  it('refresh yields a working access token', async () => {
    const user = await newUser();
    const res = await api('/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), idToken: expect.any(String), expiresIn: expect.any(Number), tokenType: 'Bearer' });
    const me = await api('/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.userId);
    expect((await api('/v1/auth/refresh', { body: { refreshToken: 'nonsense' } })).status).toBe(401);
  });

  it('forgot-password answers 202 for known and unknown emails alike', async () => {
    const { email } = await signUp();
    const known = await api('/v1/auth/forgot-password', { body: { email } });
    const unknown = await api('/v1/auth/forgot-password', { body: { email: uniqueEmail() } });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
  });

  it('reset-password and confirm refuse a wrong code with 400, never revealing the account', async () => {
    const { email } = await signUp();
    for (const [path, body] of [
      ['/v1/auth/reset-password', { email, code: '000000', newPassword: 'Another-Pass-2' }],
      ['/v1/auth/reset-password', { email: uniqueEmail(), code: '000000', newPassword: 'Another-Pass-2' }],
      ['/v1/auth/confirm', { email: uniqueEmail(), code: '000000' }],
    ] as const) {
      const res = await api(path, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'body.code', message: expect.any(String) }]);
    }
  });

  it.each(['/v1/auth/signup', '/v1/auth/confirm', '/v1/auth/login', '/v1/auth/refresh', '/v1/auth/forgot-password', '/v1/auth/reset-password'])(
    '%s answers malformed bodies with 400 and field details',
    async (path) => {
      const missing = await api(path, { body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('validation_failed');
      expect(missing.body.error.details.length).toBeGreaterThan(0);
      const wrongTypes = await api(path, { body: { email: 42, password: [], code: {}, refreshToken: 1, newPassword: null } });
      expect(wrongTypes.status).toBe(400);
      const notJson = await api(path, { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
      expect(notJson.body.error.code).toBe('invalid_json');
    },
  );
});

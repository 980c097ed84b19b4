import { Secret, TOTP, URI } from 'otpauth';
import { api } from '../../infra/local/testing/local-stack';
import { newUser, TEST_PASSWORD } from '../../infra/local/testing/users';

/** The user's authenticator app: codes computed from the enrolment secret by an independent RFC 6238 implementation. */
function authenticator(secret: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return {
    now: () => totp.generate(),
    // A code from an hour ago: well-formed, never valid now.
    stale: () => totp.generate({ timestamp: Date.now() - 3_600_000 }),
  };
}

describe('MFA with TOTP', () => {
  it('enrols, then login asks for a code; a wrong code or session is refused; disabling needs a current code', async () => {
    const user = await newUser({ name: 'Tess' });

    const started = await api('/v1/me/mfa/totp', { method: 'POST', token: user.token });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ secret: expect.stringMatching(/^[A-Z2-7]+=*$/), otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\//) });
    const fromUri = URI.parse(started.body.otpauthUri) as TOTP;
    expect(fromUri.secret.base32).toBe(started.body.secret);
    expect(fromUri).toMatchObject({ issuer: 'Argus', label: user.email, digits: 6, period: 30 });
    const app = authenticator(started.body.secret);

    const wrong = await api('/v1/me/mfa/totp/verify', { token: user.token, body: { code: app.stale() } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: 'body.code', message: expect.any(String) }]);
    const enabled = await api('/v1/me/mfa/totp/verify', { token: user.token, body: { code: app.now() } });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toEqual({ enabled: true });
    // A second enrolment would replace the secret the app holds.
    expect((await api('/v1/me/mfa/totp', { method: 'POST', token: user.token })).status).toBe(409);

    const first = await api('/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ challenge: 'totp', session: expect.any(String) });

    const badCode = await api('/v1/auth/mfa', { body: { email: user.email, session: first.body.session, code: app.stale() } });
    expect(badCode.status).toBe(401);
    expect(badCode.body.error.code).toBe('unauthorized');
    const badSession = await api('/v1/auth/mfa', { body: { email: user.email, session: 'made-up-session', code: app.now() } });
    expect(badSession.status).toBe(401);
    // Another user's challenge session does not sign this user in.
    const stranger = await newUser();
    expect((await api('/v1/auth/mfa', { body: { email: stranger.email, session: first.body.session, code: app.now() } })).status).toBe(401);

    const tokens = await api('/v1/auth/mfa', { body: { email: user.email, session: first.body.session, code: app.now() } });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({ accessToken: expect.any(String), idToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number), tokenType: 'Bearer' });
    expect((await api('/v1/me', { token: tokens.body.accessToken })).body.id).toBe(user.userId);
    expect((await api('/v1/auth/refresh', { body: { refreshToken: tokens.body.refreshToken } })).status).toBe(200);
    // The session is spent once it has signed in.
    expect((await api('/v1/auth/mfa', { body: { email: user.email, session: first.body.session, code: app.now() } })).status).toBe(401);

    const keep = await api('/v1/me/mfa', { method: 'DELETE', token: tokens.body.accessToken, body: { code: app.stale() } });
    expect(keep.status).toBe(400);
    const malformed = await api('/v1/me/mfa', { method: 'DELETE', token: tokens.body.accessToken, body: { code: 'abcdef' } });
    expect(malformed.status).toBe(400);
    expect((await api('/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })).body.challenge).toBe('totp');

    const off = await api('/v1/me/mfa', { method: 'DELETE', token: tokens.body.accessToken, body: { code: app.now() } });
    expect(off.status).toBe(204);
    const plain = await api('/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(plain.status).toBe(200);
    expect(plain.body.accessToken).toEqual(expect.any(String));
    expect((await api('/v1/me/mfa', { method: 'DELETE', token: plain.body.accessToken, body: { code: app.now() } })).status).toBe(409);
  });

  it('is for signed-in users only', async () => {
    expect((await api('/v1/me/mfa/totp', { method: 'POST' })).status).toBe(401);
    expect((await api('/v1/me/mfa/totp/verify', { body: { code: '123456' } })).status).toBe(401);
    expect((await api('/v1/me/mfa', { method: 'DELETE', body: { code: '123456' } })).status).toBe(401);
  });
});

import { api } from '../../infra/local/testing/local-stack';
import { newUser } from '../../infra/local/testing/users';

// Foundation issue #2: an authenticated route refuses every token but a valid Cognito access token.
describe('GET /v1/me authentication', () => {
  it('answers 401 with no token, a tampered token or an ID token, and 200 with an access token', async () => {
    const user = await newUser();
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;

    for (const token of [undefined, tampered, user.idToken, 'ak_not_a_real_key']) {
      const res = await api('/v1/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'unauthorized', message: expect.any(String), requestId: res.headers.get('x-request-id') });
    }
    const ok = await api('/v1/me', { token: user.token });
    expect(ok.status).toBe(200);
    expect(ok.body.id).toBe(user.userId);
  });
});

import { randomUUID } from 'node:crypto';
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { credentialError, type CredentialProblem } from '../../shared/auth/credential-problem';
import { routes } from '../routes';
import { api, localStack } from '../local/testing/local-stack';
import { createApiKeyRecord, newUser } from '../local/testing/users';
import { COGNITO_LOCAL_KID, cognitoLocalPrivateKey, decodePayload, otherPrivateKey, signJwt, unsignedJwt } from '../local/testing/jwt';

/**
 * Every authenticated route refuses every forged, stale or misdirected token with the contract's 401, whose message
 * names the kind of problem (CONTRACT §1) without saying more than that: a forged token is "not valid" whatever its
 * forgery, and an unknown key reads exactly like a revoked one.
 */
describe('JWT attacks', () => {
  const info = localStack();
  const authenticated = routes.filter((r) => r.auth !== 'none');
  let accessToken: string;
  let idToken: string;

  beforeAll(async () => {
    const cognito = new CognitoIdentityProviderClient({ region: info.region, endpoint: info.cognito.endpoint, credentials: { ...info.credentials } });
    const email = `jwt-${randomUUID()}@example.com`;
    const password = 'Attack-Test-1';
    await cognito.send(new SignUpCommand({ ClientId: info.cognito.clientId, Username: email, Password: password }));
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: info.cognito.userPoolId, Username: email }));
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: info.cognito.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }));
    accessToken = auth.AuthenticationResult!.AccessToken!;
    idToken = auth.AuthenticationResult!.IdToken!;
    cognito.destroy();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const forged = (changes: Record<string, unknown>, key: Parameters<typeof signJwt>[2] = cognitoLocalPrivateKey()) =>
    signJwt({ alg: 'RS256', kid: COGNITO_LOCAL_KID }, { ...decodePayload(accessToken), ...changes }, key);

  const attacks: Record<string, { token: () => string; problem: CredentialProblem }> = {
    'alg none': { token: () => unsignedJwt(decodePayload(accessToken)), problem: 'malformed' },
    'wrong issuer': { token: () => forged({ iss: `${info.cognito.endpoint}/local_Evil000` }), problem: 'invalid_token' },
    'wrong client': { token: () => forged({ client_id: 'someone-elses-client' }), problem: 'invalid_token' },
    expired: { token: () => forged({ exp: now() - 60, iat: now() - 3700 }), problem: 'expired' },
    'expired and signed by another key (a forgery is never told it merely expired)': {
      token: () => forged({ exp: now() - 60, iat: now() - 3700 }, otherPrivateKey()),
      problem: 'invalid_token',
    },
    'ID token on an API route': { token: () => idToken, problem: 'id_token' },
    'signed by another key': { token: () => forged({}, otherPrivateKey()), problem: 'invalid_token' },
    'tampered payload': {
      token: () => {
        const [header, , signature] = accessToken.split('.');
        const payload = Buffer.from(JSON.stringify({ ...decodePayload(accessToken), sub: randomUUID() })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      problem: 'invalid_token',
    },
    'not a JWT': { token: () => 'not-a-token', problem: 'malformed' },
  };

  it('has authenticated routes to attack', () => {
    expect(authenticated.length).toBeGreaterThan(0);
  });

  const call = (route: (typeof authenticated)[number], token: string | undefined, headers: Record<string, string> = {}) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => `${p}-${randomUUID().slice(0, 8)}`);
    return api(path, { method: route.method, token, headers, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
  };
  // RPC routes answer a credential their handler judges in Connect's error body (`{ code, message, details }`, code
  // `unauthenticated`); a missing header is refused before any handler (the authorizer's identity source), in the contract's body.
  const isRpc = (route: (typeof authenticated)[number]) => route.path.startsWith('/rpc/');
  const refusal = (route: (typeof authenticated)[number], res: Awaited<ReturnType<typeof call>>) => ({
    route: `${route.method} ${route.path}`,
    status: res.status,
    code: isRpc(route) && !res.body?.error ? res.body?.code : res.body?.error?.code,
    message: isRpc(route) && !res.body?.error ? res.body?.message : res.body?.error?.message,
  });
  const expected = (route: (typeof authenticated)[number], problem: CredentialProblem) => ({
    route: `${route.method} ${route.path}`,
    status: 401,
    code: isRpc(route) && problem !== 'missing' ? 'unauthenticated' : 'unauthorized',
    message: credentialError(problem).message,
  });

  it('accepts the real token and an unmodified re-signed copy, so each refusal below is due to its one change', async () => {
    for (const route of authenticated) {
      expect((await call(route, accessToken)).status).not.toBe(401);
      expect((await call(route, forged({}))).status).not.toBe(401);
    }
  });

  for (const [name, attack] of Object.entries(attacks)) {
    it(`refuses: ${name}`, async () => {
      for (const route of authenticated) expect(refusal(route, await call(route, attack.token()))).toEqual(expected(route, attack.problem));
    });
  }

  it('says when the header is missing or does not use the Bearer scheme', async () => {
    for (const route of authenticated) {
      expect(refusal(route, await call(route, undefined))).toEqual(expected(route, 'missing'));
      expect(refusal(route, await call(route, undefined, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }))).toEqual(expected(route, 'not_bearer'));
      expect(refusal(route, await call(route, undefined, { authorization: accessToken }))).toEqual(expected(route, 'not_bearer'));
    }
  });

  describe('API keys', () => {
    let live: string;
    let revoked: string;
    const unknown = `ak_${Buffer.alloc(32, 7).toString('base64url')}`;

    beforeAll(async () => {
      const owner = await newUser();
      live = (await createApiKeyRecord(owner.token, owner.orgId, ['read', 'usage:write', 'quota:check'])).key;
      const gone = await createApiKeyRecord(owner.token, owner.orgId, ['read', 'usage:write', 'quota:check']);
      expect((await api(`/v1/orgs/${owner.orgId}/api-keys/${gone.id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
      revoked = gone.key;
      // Past the authorizer's cache (local stage: 2 s), so the revocation has reached every route.
      await new Promise((r) => setTimeout(r, 2500));
    });

    it('refuses any key on a user-only route without looking it up (live, revoked and unknown read the same)', async () => {
      for (const route of authenticated.filter((r) => r.auth === 'jwt')) {
        for (const key of [live, revoked, unknown]) expect(refusal(route, await call(route, key))).toEqual(expected(route, 'key_not_accepted'));
      }
    });

    it('refuses unknown and revoked keys with one and the same answer on key routes', async () => {
      for (const route of authenticated.filter((r) => r.auth === 'jwt-or-key')) {
        expect(refusal(route, await call(route, unknown))).toEqual(expected(route, 'invalid_key'));
        expect(refusal(route, await call(route, revoked))).toEqual(expected(route, 'invalid_key'));
        expect((await call(route, live)).status).not.toBe(401);
      }
    });
  });
});

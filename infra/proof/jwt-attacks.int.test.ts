import { randomUUID } from 'node:crypto';
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { routes } from '../routes';
import { api, localStack } from '../local/testing/local-stack';
import { COGNITO_LOCAL_KID, cognitoLocalPrivateKey, decodePayload, otherPrivateKey, signJwt, unsignedJwt } from '../local/testing/jwt';

/** Every authenticated route refuses every forged, stale or misdirected token with the contract's 401. */
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

  const attacks: Record<string, () => string> = {
    'alg none': () => unsignedJwt(decodePayload(accessToken)),
    'wrong issuer': () => forged({ iss: `${info.cognito.endpoint}/local_Evil000` }),
    'wrong client': () => forged({ client_id: 'someone-elses-client' }),
    expired: () => forged({ exp: now() - 60, iat: now() - 3700 }),
    'ID token on an API route': () => idToken,
    'signed by another key': () => forged({}, otherPrivateKey()),
    'tampered payload': () => {
      const [header, , signature] = accessToken.split('.');
      const payload = Buffer.from(JSON.stringify({ ...decodePayload(accessToken), sub: randomUUID() })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    'not a JWT': () => 'not-a-token',
  };

  it('has authenticated routes to attack', () => {
    expect(authenticated.length).toBeGreaterThan(0);
  });

  const call = (route: (typeof authenticated)[number], token: string) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => `${p}-${randomUUID().slice(0, 8)}`);
    return api(path, { method: route.method, token, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
  };

  it('accepts the real token and an unmodified re-signed copy, so each refusal below is due to its one change', async () => {
    for (const route of authenticated) {
      expect((await call(route, accessToken)).status).not.toBe(401);
      expect((await call(route, forged({}))).status).not.toBe(401);
    }
  });

  for (const [name, token] of Object.entries(attacks)) {
    it(`refuses: ${name}`, async () => {
      for (const route of authenticated) {
        const res = await call(route, token());
        expect({ route: `${route.method} ${route.path}`, status: res.status, code: res.body?.error?.code }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 401,
          code: 'unauthorized',
        });
      }
    });
  }
});

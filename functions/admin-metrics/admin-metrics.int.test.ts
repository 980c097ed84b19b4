import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { subscribe } from '../../infra/local/testing/billing';
import { createApiKey, login, newUser, serviceApiKey, signUp, TEST_PASSWORD } from '../../infra/local/testing/users';

/** An access token straight from Cognito, not through Argus's login route: what a console or app holding one presents. */
async function cognitoAccessToken(email: string): Promise<string> {
  const { cognito, region, credentials } = localStack();
  const client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region, credentials });
  try {
    const out = await client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: email, PASSWORD: TEST_PASSWORD } }));
    return out.AuthenticationResult!.AccessToken!;
  } finally {
    client.destroy();
  }
}

interface Metrics {
  mrr: { amount: number; currency: string };
  arr: { amount: number; currency: string };
  paidOrgs: number;
  orgsByPlan: Record<string, number>;
  conversionsLast30d: number;
  licenseValidationsLast24h: number;
  dau: number;
  mau: number;
}

const metrics = async () => {
  const res = await api<Metrics>('/v1/admin/metrics', { token: serviceApiKey() });
  expect(res.status).toBe(200);
  return res.body;
};

describe('GET /v1/admin/metrics', () => {
  it('answers only the platform service key: a user token and an org key get 403', async () => {
    const user = await newUser();
    const asUser = await api('/v1/admin/metrics', { token: user.token });
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.code).toBe('forbidden');
    const orgKey = await createApiKey(user.token, user.orgId, ['read']);
    expect((await api('/v1/admin/metrics', { token: orgKey })).status).toBe(403);
    expect((await api('/v1/admin/metrics')).status).toBe(401);
  });

  it('a new Professional subscription adds one paid org, one conversion and $99 of MRR ($1,188 of ARR)', async () => {
    const before = await metrics();
    const user = await newUser();
    await subscribe(user, 'professional');
    const after = await eventually(metrics, (m) => m.paidOrgs === before.paidOrgs + 1, 15_000);
    expect(after.orgsByPlan.professional).toBe((before.orgsByPlan.professional ?? 0) + 1);
    expect(after.conversionsLast30d).toBe(before.conversionsLast30d + 1);
    expect(after.mrr.amount - before.mrr.amount).toBe(9_900);
    expect(after.arr.amount - before.arr.amount).toBe(9_900 * 12);
  });

  it('counts every license validation, valid or not, in the last 24 hours', async () => {
    const before = (await metrics()).licenseValidationsLast24h;
    for (let i = 0; i < 3; i++) {
      const res = await api('/v1/licenses/validate', { body: { licenseKey: `nonsense-${i}`, machineId: 'm1', version: '1.0.0' } });
      expect(res.status).toBe(200);
    }
    expect((await metrics()).licenseValidationsLast24h).toBe(before + 3);
  });

  it('dau and mau count users who signed in or used the API today, each once however often', async () => {
    const before = await metrics();
    // Signing up is not signing in: nobody new is active yet.
    const [signedIn, apiUser] = await Promise.all([signUp(), signUp()]);
    expect(await metrics()).toEqual(expect.objectContaining({ dau: before.dau, mau: before.mau }));

    // A sign-in through Argus counts, once however many sign-ins.
    const tokens = await login(signedIn.email);
    await login(signedIn.email);
    expect(await metrics()).toEqual(expect.objectContaining({ dau: before.dau + 1, mau: before.mau + 1 }));
    // The same user's API use today adds nobody.
    expect((await api('/v1/me', { token: tokens.accessToken })).status).toBe(200);

    // API use with a token obtained elsewhere (no Argus sign-in) counts too, once however many requests.
    const token = await cognitoAccessToken(apiUser.email);
    for (const path of ['/v1/me', `/v1/orgs/${apiUser.orgId}`, `/v1/orgs/${apiUser.orgId}/usage`]) expect((await api(path, { token })).status).toBe(200);
    expect(await metrics()).toEqual(expect.objectContaining({ dau: before.dau + 2, mau: before.mau + 2 }));

    // API keys and the service key are not users: their use adds nobody.
    const key = await createApiKey(tokens.accessToken, signedIn.orgId, ['read']);
    expect((await api(`/v1/orgs/${signedIn.orgId}/usage`, { token: key })).status).toBe(200);
    expect(await metrics()).toEqual(expect.objectContaining({ dau: before.dau + 2, mau: before.mau + 2 }));
  });
});

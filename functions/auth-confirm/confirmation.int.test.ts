import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { api, localStack } from '../../infra/local/testing/local-stack';
import { latestCode, mailTo } from '../../infra/local/testing/mail';
import { login, signUp, TEST_PASSWORD, uniqueEmail } from '../../infra/local/testing/users';

/**
 * The local stage auto-confirms sign-ups, so an unconfirmed account (what every other stage has until `confirm`) is
 * made in Cognito directly, as sign-up does there: then resend-code, confirm and the account they make are real.
 */
async function unconfirmedAccount(): Promise<{ email: string; userId: string }> {
  const { cognito, region, credentials } = localStack();
  const client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region, credentials });
  const email = uniqueEmail('unconfirmed');
  const { UserSub } = await client.send(
    new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: TEST_PASSWORD, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Uma' }] }),
  );
  client.destroy();
  return { email, userId: UserSub! };
}

function table() {
  const info = localStack();
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
  return {
    profile: async (userId: string) => (await client.send(new GetCommand({ TableName: info.dynamodb.tableName, Key: { PK: `USER#${userId}`, SK: 'PROFILE' } }))).Item,
    byEmail: async (email: string) =>
      (await client.send(new QueryCommand({ TableName: info.dynamodb.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `EMAIL#${email}` } }))).Items ?? [],
    close: () => client.destroy(),
  };
}

describe('sign-up confirmation', () => {
  const db = table();
  afterAll(() => db.close());

  it('makes the profile and first org at confirm, not before; resend-code mails a working code', async () => {
    const { email, userId } = await unconfirmedAccount();
    expect(await db.profile(userId)).toBeUndefined();
    expect(await db.byEmail(email)).toEqual([]);
    const refused = await api('/v1/auth/login', { body: { email, password: TEST_PASSWORD } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/confirm/i);

    const asked = new Date().toISOString();
    const resent = await api('/v1/auth/resend-code', { body: { email } });
    expect(resent.status).toBe(202);
    const code = await latestCode(email, /confirm/i, asked);
    // Still nothing findable by email until the code comes back.
    expect(await db.byEmail(email)).toEqual([]);

    const confirmed = await api('/v1/auth/confirm', { body: { email, code } });
    expect(confirmed.status).toBe(200);
    expect(await db.profile(userId)).toMatchObject({ id: userId, email, name: 'Uma' });
    expect(await db.byEmail(email)).toHaveLength(1);

    const tokens = await login(email);
    const me = await api('/v1/me', { token: tokens.accessToken });
    expect(me.body).toMatchObject({ id: userId, email, name: 'Uma', orgs: [{ id: me.body.defaultOrgId, name: "Uma's org", role: 'owner', planId: 'explorer' }] });
    // Login after confirm finds the account made: still one org.
    await login(email);
    expect((await api('/v1/me', { token: tokens.accessToken })).body.orgs).toHaveLength(1);
  });

  it('resend-code answers 202 alike for unknown, confirmed and unconfirmed emails, and mails only the unconfirmed', async () => {
    const confirmedUser = await signUp();
    const { email: pending } = await unconfirmedAccount();
    const unknown = uniqueEmail('nobody');
    const before = new Date().toISOString();
    const answers = await Promise.all([unknown, confirmedUser.email, pending].map((email) => api('/v1/auth/resend-code', { body: { email } })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    await latestCode(pending, /confirm/i, before);
    expect((await mailTo(unknown)).length).toBe(0);
    expect((await mailTo(confirmedUser.email)).filter((m) => m.sentAt > before)).toEqual([]);
  });

  it('a sign-up takes over an address nobody confirmed; a confirmed one stays a 409', async () => {
    const squatted = await unconfirmedAccount();
    const res = await api('/v1/auth/signup', { body: { email: squatted.email, password: 'Owner-Of-Mailbox-1', orgName: 'Mine' } });
    expect(res.status).toBe(201);
    expect(res.body.userId).not.toBe(squatted.userId);
    expect((await api('/v1/auth/login', { body: { email: squatted.email, password: TEST_PASSWORD } })).status).toBe(401);
    const tokens = await login(squatted.email, 'Owner-Of-Mailbox-1');
    expect((await api('/v1/me', { token: tokens.accessToken })).body).toMatchObject({ id: res.body.userId, orgs: [{ name: 'Mine', role: 'owner' }] });
    expect((await api('/v1/auth/signup', { body: { email: squatted.email, password: TEST_PASSWORD } })).status).toBe(409);
  });

  it('the local stage confirms at sign-up: orgId is set at once', async () => {
    const res = await api('/v1/auth/signup', { body: { email: uniqueEmail(), password: TEST_PASSWORD, orgName: 'Now Labs' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ confirmed: true, orgId: expect.stringMatching(/^org_/) });
  });
});

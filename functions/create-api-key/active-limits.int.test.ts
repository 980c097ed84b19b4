import '../../infra/local/testing/local-env';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { api } from '../../infra/local/testing/local-stack';
import { createApiKeyRecord, newUser, type TestUser } from '../../infra/local/testing/users';
import { ddb, tableName } from '../../shared/db/client';
import { orgKeys } from '../../shared/db/orgs';

/** The org item's counters, read as the transactions keep them. */
async function counters(orgId: string): Promise<{ activeApiKeys?: number; activeLicenses?: number }> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() }, ConsistentRead: true }));
  return { activeApiKeys: Item?.activeApiKeys, activeLicenses: Item?.activeLicenses };
}

/**
 * Stands in for `n` earlier creations (the counter they would have left): 100 keys or 1,000 licenses made through the
 * API would take longer than the org's rate limit allows in a test, and the counter is what the limit reads.
 */
async function setCounter(orgId: string, name: 'activeApiKeys' | 'activeLicenses', n: number): Promise<void> {
  await ddb.send(new UpdateCommand({ TableName: tableName, Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() }, UpdateExpression: 'SET #c = :n', ExpressionAttributeNames: { '#c': name }, ExpressionAttributeValues: { ':n': n } }));
}

const newKey = (user: TestUser) => api(`/v1/orgs/${user.orgId}/api-keys`, { body: { name: 'k', scopes: ['read'] }, token: user.token });
const newLicense = (user: TestUser) => api(`/v1/orgs/${user.orgId}/licenses`, { body: {}, token: user.token });

describe('active API keys per org', () => {
  it('counts creations and revocations', async () => {
    const owner = await newUser();
    const keys = await Promise.all([1, 2, 3].map(() => createApiKeyRecord(owner.token, owner.orgId)));
    expect((await counters(owner.orgId)).activeApiKeys).toBe(3);
    expect((await api(`/v1/orgs/${owner.orgId}/api-keys/${keys[0].id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await api(`/v1/orgs/${owner.orgId}/api-keys/${keys[0].id}`, { method: 'DELETE', token: owner.token })).status).toBe(404);
    expect((await counters(owner.orgId)).activeApiKeys).toBe(2);
  });

  it('refuses the 101st active key with 409, exactly at the limit under concurrency, and frees a place on revoke', async () => {
    const owner = await newUser();
    const first = await createApiKeyRecord(owner.token, owner.orgId);
    await setCounter(owner.orgId, 'activeApiKeys', 98);
    const results = await Promise.all(Array.from({ length: 5 }, () => newKey(owner)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/100 active API keys/) });
    expect((await counters(owner.orgId)).activeApiKeys).toBe(100);
    expect((await api(`/v1/orgs/${owner.orgId}/api-keys/${first.id}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await newKey(owner)).status).toBe(201);
    expect((await newKey(owner)).status).toBe(409);
  });
});

describe('active licenses per org', () => {
  it('refuses the 1,001st active license with 409, exactly at the limit under concurrency; revoking (once) frees a place', async () => {
    const owner = await newUser();
    const first = await newLicense(owner);
    expect((await counters(owner.orgId)).activeLicenses).toBe(1);
    await setCounter(owner.orgId, 'activeLicenses', 998);
    const results = await Promise.all(Array.from({ length: 5 }, () => newLicense(owner)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/1000 active licenses/) });
    const revoke = () => api(`/v1/orgs/${owner.orgId}/licenses/${first.body.id}`, { method: 'DELETE', token: owner.token });
    expect((await revoke()).status).toBe(204);
    expect((await revoke()).status).toBe(204);
    expect((await counters(owner.orgId)).activeLicenses).toBe(999);
    expect((await newLicense(owner)).status).toBe(201);
    expect((await newLicense(owner)).status).toBe(409);
  });
});

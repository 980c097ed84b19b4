import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { api, localStack } from '../../infra/local/testing/local-stack';
import { newUser, serviceApiKey } from '../../infra/local/testing/users';

/**
 * CONTRACT §3 Holds: "A hold not committed by expiresAt is released within 60 s", with nothing else touching the org.
 * The probe reads the table directly (the hold item and its counter): no route runs, so the lazy release
 * (shared/holds/expire-holds.ts, run by checks, consumes and reserves) cannot be what frees it. What does is the hold's
 * one-time schedule on the local EventBridge Scheduler, created by the reserve through the SDK.
 */
const info = localStack();
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: info.credentials }));
const read = async (PK: string, SK: string) => (await ddb.send(new GetCommand({ TableName: info.dynamodb.tableName, Key: { PK, SK }, ConsistentRead: true }))).Item;
const schedules = (): { name: string }[] => {
  const file = path.join(process.env.ARGUS_STATE_DIR ?? '', 'scheduler.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
};
const reserve = (body: Record<string, unknown>) => api('/v1/quota/reserve', { token: serviceApiKey(), body });

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await probe();
  }
  return value;
}

describe('background release of abandoned holds (EventBridge Scheduler)', () => {
  afterAll(() => ddb.destroy());

  it('frees an abandoned hold within 60 s of its expiry; a committed hold is left alone when its schedule fires', async () => {
    const { orgId } = await newUser();
    const abandoned = await reserve({ orgId, metric: 'agent_executions', quantity: 60, id: 'abandoned', ttlSeconds: 2 });
    const committed = await reserve({ orgId, metric: 'agent_executions', quantity: 30, id: 'committed', ttlSeconds: 2 });
    expect([abandoned.body.reserved, committed.body.reserved]).toEqual([true, true]);
    const made = await until(async () => schedules().map((s) => s.name), (names) => names.includes(abandoned.body.holdId) && names.includes(committed.body.holdId), 5_000);
    expect(made).toEqual(expect.arrayContaining([abandoned.body.holdId, committed.body.holdId]));
    expect((await api(`/v1/quota/holds/${committed.body.holdId}/commit`, { token: serviceApiKey(), body: { quantity: 10 } })).body).toMatchObject({ committed: 10, used: 10 });

    const expiresAtMs = Date.parse(abandoned.body.expiresAt);
    const holdKey = (holdId: string) => [`HOLD#${holdId}`, 'HOLD'] as const;
    const hold = await until(() => read(...holdKey(abandoned.body.holdId)), (h) => h?.status === 'released', 60_000 + (expiresAtMs - Date.now()));
    expect(hold).toMatchObject({ status: 'released', releaseReason: 'expired' });
    expect(Date.parse(hold!.releasedAt) - expiresAtMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(hold!.releasedAt) - expiresAtMs).toBeLessThanOrEqual(60_000);

    // The counter no longer holds it; the commit's 10 stay recorded and its schedule changed nothing.
    const periodStart = String(hold!.periodStart);
    const counter = await until(() => read(`ORG#${orgId}`, `USAGE#${periodStart}#agent_executions`), (c) => Number(c?.held) === 0, 5_000);
    expect({ used: Number(counter?.used), held: Number(counter?.held) }).toEqual({ used: 10, held: 0 });
    expect(await read(...holdKey(committed.body.holdId))).toMatchObject({ status: 'committed', committed: 10 });
    // Both schedules ran and were deleted (ActionAfterCompletion DELETE).
    const left = await until(async () => schedules().map((s) => s.name), (names) => !names.includes(abandoned.body.holdId) && !names.includes(committed.body.holdId), 10_000);
    expect(left).not.toContain(abandoned.body.holdId);
    expect(left).not.toContain(committed.body.holdId);
  }, 90_000);
});

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { REPO_ROOT } from '../local/state';
import { subscribe, waitForSubscription, domainEvents, stripeControl } from '../local/testing/billing';
import { api, eventually, localStack } from '../local/testing/local-stack';
import { freePortBlock, spawnLocalStack, type SpawnedStack } from '../local/testing/spawn-stack';
import { newUser, type TestUser } from '../local/testing/users';

/**
 * Faults on a stack of its own (stopping its database would break the tests sharing the common one): DynamoDB Local
 * killed and restarted in the middle of a usage run, and the webhook processor crashing at random after doing its
 * work. Afterwards every message is either applied exactly once or waiting in a DLQ, and `npx argus dlq redrive`
 * brings the DLQ back to exact totals.
 */
describe('fault injection', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'argus-faults-'));
  const sharedStateDir = process.env.ARGUS_STATE_DIR;
  let stack: SpawnedStack;

  beforeAll(async () => {
    stack = await spawnLocalStack({ dir, port: await freePortBlock(), fresh: true });
    process.env.ARGUS_STATE_DIR = dir; // api(), newUser() and the DLQ script now address this stack
  }, 120_000);

  afterAll(async () => {
    process.env.ARGUS_STATE_DIR = sharedStateDir;
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const faults = (body: unknown) => api('/_local/faults', { body });
  const dlq = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['cli/bin/argus.cjs', 'dlq', ...args, '--json'], { cwd: REPO_ROOT, env: { ...process.env, ARGUS_STATE_DIR: dir } });
    return JSON.parse(stdout);
  };
  const used = async (user: TestUser, metric: string): Promise<number> => {
    const res = await api(`/v1/orgs/${user.orgId}/usage`, { token: user.token });
    return res.status === 200 ? (res.body.metrics.find((m: { metric: string }) => m.metric === metric)?.used ?? 0) : -1;
  };
  /** Waits until `probe` has returned the same value for `quietMs`. */
  async function settled(probe: () => Promise<number>, quietMs = 4000, timeoutMs = 90_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = await probe();
    let since = Date.now();
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await probe();
      if (now !== last) [last, since] = [now, Date.now()];
      else if (Date.now() - since >= quietMs) return now;
    }
    return last;
  }

  it('DynamoDB stopped and restarted mid-run: totals end exact, the rest waits in the DLQ until redriven', async () => {
    const user = await newUser();
    const info = localStack();
    const sqs = new SQSClient({ region: info.region, endpoint: info.sqs.endpoint, credentials: { ...info.credentials }, useQueueUrlAsEndpoint: false });
    const events = Array.from({ length: 1500 }, () => ({ id: randomUUID(), orgId: user.orgId, metric: 'api_calls', quantity: 1 }));
    const send = async (slice: typeof events) => {
      for (let i = 0; i < slice.length; i += 100) {
        const bodies = Array.from({ length: 10 }, (_, j) => slice.slice(i + j * 10, i + j * 10 + 10)).filter((b) => b.length);
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: info.sqs.usageQueueUrl, Entries: bodies.map((b, j) => ({ Id: String(j), MessageBody: JSON.stringify({ events: b }) })) }));
      }
    };
    try {
      await send(events.slice(0, 750));
      expect((await faults({ dynamodb: 'stop' })).status).toBe(200);
      await send(events.slice(750));
      // Long enough for messages to use up their 5 receives (3 s visibility locally) while the table is gone.
      await new Promise((r) => setTimeout(r, 20_000));
      expect((await faults({ dynamodb: 'start' })).status).toBe(200);

      const before = await settled(() => used(user, 'api_calls'));
      const waiting = await dlq('list');
      const eventsWaiting = waiting.entries.reduce((n: number, e: { event: { events?: unknown[] } }) => n + (e.event?.events?.length ?? 1), 0);
      // Nothing lost: whatever is not counted yet waits in the DLQ (a dead message may hold some already-counted events).
      expect(before + eventsWaiting).toBeGreaterThanOrEqual(events.length);
      expect(before).toBeLessThanOrEqual(events.length);

      await dlq('redrive');
      const after = await eventually(() => used(user, 'api_calls'), (n) => n === events.length, 60_000);
      expect(after).toBe(events.length);
      expect((await dlq('list')).count).toBe(0);
    } finally {
      sqs.destroy();
      await faults({ dynamodb: 'start' });
    }
  }, 240_000);

  it('a webhook burst with the processor crashing at random after its work converges to Stripe state, events published once', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => newUser()));
    await faults({ handler: { name: 'stripe-webhook-processor', failRate: 0.5, phase: 'after' } });
    try {
      // A crashed delivery waits out its visibility timeout before the next: allow for a few in a row.
      const subs = await Promise.all(users.map((u, i) => subscribe(u, i === 0 ? 'business' : 'professional', { waitMs: 60_000 })));
      // More events per customer: schedule two cancellations and an upgrade while the processor keeps failing.
      await api(`/v1/orgs/${users[1]!.orgId}/subscription`, { method: 'PATCH', token: users[1]!.token, body: { cancelAtPeriodEnd: true } });
      await api(`/v1/orgs/${users[2]!.orgId}/subscription`, { method: 'PATCH', token: users[2]!.token, body: { cancelAtPeriodEnd: true } });
      await api(`/v1/orgs/${users[3]!.orgId}/subscription`, { method: 'PATCH', token: users[3]!.token, body: { planId: 'business' } });
      await stripeControl('/_emulator/webhooks/wait', {});
      await new Promise((r) => setTimeout(r, 8000));
    } finally {
      await faults({ clearHandlers: true });
    }
    await dlq('redrive', '--queue', 'webhooks');

    const expected = [
      { planId: 'business', cancelAtPeriodEnd: false },
      { planId: 'professional', cancelAtPeriodEnd: true },
      { planId: 'professional', cancelAtPeriodEnd: true },
      { planId: 'business', cancelAtPeriodEnd: false },
    ];
    for (const [i, user] of users.entries()) {
      const want = expected[i]!;
      const sub = await waitForSubscription(user, (s) => s.planId === want.planId && s.status === 'active' && s.cancelAtPeriodEnd === want.cancelAtPeriodEnd, 60_000);
      expect({ planId: sub.planId, status: sub.status, cancelAtPeriodEnd: sub.cancelAtPeriodEnd }).toEqual({ ...want, status: 'active' });
      expect(await domainEvents('subscription.created', user.orgId)).toHaveLength(1);
      const paid = await domainEvents('invoice.paid', user.orgId);
      expect(new Set(paid.map((e) => e.detail.invoiceId)).size).toBe(paid.length);
    }
    expect((await dlq('list', '--queue', 'webhooks')).count).toBe(0);
  }, 240_000);
});

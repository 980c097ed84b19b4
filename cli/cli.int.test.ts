import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../infra/local/state';
import { api } from '../infra/local/testing/local-stack';
import { newMemberOf, newUser, serviceApiKey } from '../infra/local/testing/users';
import { COMMANDS } from './commands';

/** The operator CLI as an operator runs it (`npx argus …` is this bin), against the test run's local stack. */
async function argus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['cli/bin/argus.cjs', ...args], { cwd: REPO_ROOT, env: process.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npx argus', () => {
  it('runs as a bin: --help exits 0 and lists the commands; an unknown command exits 2', async () => {
    const help = await argus('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(c.name);
    expect((await argus('no-such-command')).code).toBe(2);
  });

  it('service-key create prints a key once that then works on any org', async () => {
    const res = await argus('service-key', 'create', 'cli test', '--json');
    expect(res.code).toBe(0);
    const key = JSON.parse(res.stdout) as { key: string; scopes: string[] };
    expect(key.key).toMatch(/^ak_/);
    const user = await newUser();
    const check = await api('/v1/entitlements/check', { token: key.key, body: { orgId: user.orgId, feature: 'api_access' } });
    expect(check.status).toBe(200);
    expect(check.body.allowed).toBe(true);
  });

  it('dlq list and redrive report the (empty) queues; meter-sink run fans out; stripe sync finds the catalog in place', async () => {
    const list = await argus('dlq', 'list', '--queue', 'webhooks', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ count: 0, entries: [] });
    const redrive = await argus('dlq', 'redrive', '--queue', 'webhooks', '--json');
    expect(JSON.parse(redrive.stdout)).toEqual({ redriven: 0, failed: 0 });
    const sink = await argus('meter-sink', 'run', '--json');
    expect(sink.code).toBe(0);
    expect(JSON.parse(sink.stdout)).toEqual(expect.objectContaining({ enqueued: expect.any(Number) }));
    const sync = await argus('stripe', 'sync', '--json');
    expect(sync.code).toBe(0);
    const summary = JSON.parse(sync.stdout) as { created: string[]; updated: string[]; unchanged: number };
    // The stack synced the catalog at start: a second sync changes nothing.
    expect(summary.created).toEqual([]);
    expect(summary.updated).toEqual([]);
    expect(summary.unchanged).toBeGreaterThan(0);
  }, 120_000);
  it('orgs show: plan, status, period, members, override, usage and credits, as the API reads them; unknown org exits 1', async () => {
    const user = await newUser();
    await newMemberOf(user.token, user.orgId, 'member');
    const consume = await api('/v1/quota/check', { token: user.token, body: { orgId: user.orgId, metric: 'agent_executions', quantity: 7, consume: true, id: `cli-${Math.random()}` } });
    expect(consume.body.allowed).toBe(true);
    const grant = await api(`/v1/orgs/${user.orgId}/credits`, { token: serviceApiKey(), body: { id: `g-${Math.random()}`, metric: 'llm_tokens', quantity: 5000, reason: 'cli test' } });
    expect(grant.status).toBe(201);
    expect((await argus('orgs', 'override', user.orgId, '--rate-limit', '777', '--json')).code).toBe(0);

    const shown = await argus('orgs', 'show', user.orgId, '--json');
    expect({ code: shown.code, failure: shown.code ? shown.stdout + shown.stderr : '' }).toEqual({ code: 0, failure: '' });
    const summary = JSON.parse(shown.stdout);
    const [org, subscription, usage] = await Promise.all(
      [`/v1/orgs/${user.orgId}`, `/v1/orgs/${user.orgId}/subscription`, `/v1/orgs/${user.orgId}/usage`].map(async (path) => (await api(path, { token: user.token })).body),
    );
    expect(summary).toEqual({
      org: { id: user.orgId, name: org.name, slug: org.slug, createdAt: org.createdAt },
      subscription,
      period: usage.period,
      members: 2,
      override: expect.objectContaining({ rateLimit: { requestsPerMinute: 777 } }),
      usage: usage.metrics.map(({ metric, used, included, remaining, percent, capType, overage, overageAmount }: Record<string, unknown>) => ({ metric, used, included, remaining, percent, capType, overage, overageAmount })),
      credits: { llm_tokens: 5000 },
    });
    expect(summary.usage.find((u: { metric: string }) => u.metric === 'agent_executions').used).toBe(7);

    const text = await argus('orgs', 'show', user.orgId);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/plan: +explorer \(monthly, catalog v\d+\), active/);
    expect(text.stdout).toMatch(/members: +2/);
    expect(text.stdout).toMatch(/agent_executions +7 of 100/);
    expect(text.stdout).toMatch(/credits: +llm_tokens 5000/);

    const missing = await argus('orgs', 'show', 'org_nope', '--json');
    expect([missing.code, JSON.parse(missing.stdout).error.code]).toEqual([1, 'failed']);
    expect((await argus('orgs', 'show')).code).toBe(2);
  }, 180_000);
});

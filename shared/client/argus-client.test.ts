import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ArgusApiError, ArgusClient, HoldRefusedError, type UsageEvent } from './argus-client';
import { recordUsageViaSqs, UsageQueueError } from './usage-queue';

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  body: unknown;
}

describe('ArgusClient over HTTP (against a tiny local server)', () => {
  let server: Server;
  let seen: Seen[] = [];
  let answer: (req: IncomingMessage, body: any) => { status: number; body: unknown; headers?: Record<string, string> };
  let client: ArgusClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = text ? JSON.parse(text) : undefined;
        seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
        const out = answer(req, body);
        res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
        res.end(JSON.stringify(out.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new ArgusClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, token: 'ak_test' });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (seen = []));

  it('reads the audit log (paged, by action), the upcoming invoice, and starts a credit-pack checkout', async () => {
    answer = (req) => {
      if (req.url?.includes('/audit-log')) return { status: 200, body: { entries: [{ id: 'aud_1', action: 'member.joined' }], nextCursor: null } };
      if (req.url?.endsWith('/invoices/upcoming')) return { status: 200, body: { amountDue: { amount: 12846, currency: 'usd' }, periodStart: 'a', periodEnd: 'b', lines: [] } };
      return { status: 201, body: { id: 'cs_1', url: 'https://checkout/cs_1' } };
    };
    expect((await client.auditLog('o 1', { limit: 10, cursor: 'c1', action: 'member.joined' })).entries[0]!.action).toBe('member.joined');
    await client.auditLog('o1');
    await client.auditLog('o1', { action: 'invoice.paid' });
    expect((await client.upcomingInvoice('o1')).amountDue.amount).toBe(12846);
    expect(await client.buyCreditPack('o1', { packId: 'tokens_1m', quantity: 2, successUrl: 'http://localhost/ok', cancelUrl: 'http://localhost/no' })).toEqual({ id: 'cs_1', url: 'https://checkout/cs_1' });
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/v1/orgs/o%201/audit-log?limit=10&cursor=c1&action=member.joined'],
      ['GET', '/v1/orgs/o1/audit-log'],
      ['GET', '/v1/orgs/o1/audit-log?action=invoice.paid'],
      ['GET', '/v1/orgs/o1/invoices/upcoming'],
      ['POST', '/v1/orgs/o1/checkout'],
    ]);
    expect(seen[4]!.body).toEqual({ packId: 'tokens_1m', quantity: 2, successUrl: 'http://localhost/ok', cancelUrl: 'http://localhost/no' });
  });

  it('checks a quota with the bearer token and returns the typed answer', async () => {
    answer = () => ({ status: 200, body: { allowed: true, used: 3, limit: 100, remaining: 97, resetAt: '2030-01-01T00:00:00.000Z' } });
    const result = await client.quotaCheck({ orgId: 'o1', metric: 'agent_executions', quantity: 1, consume: true, id: 'e1' });
    expect(result.remaining).toBe(97);
    expect(seen).toEqual([{ method: 'POST', url: '/v1/quota/check', authorization: 'Bearer ak_test', body: { orgId: 'o1', metric: 'agent_executions', quantity: 1, consume: true, id: 'e1' } }]);
  });

  it('reserves, commits and releases holds, and withHold commits what the work used or releases when it throws', async () => {
    const held = { reserved: true, holdId: 'hold_1', expiresAt: '2030-01-01T00:05:00.000Z', used: 0, held: 5, limit: 100, remaining: 95, credits: 0 };
    answer = (req) =>
      req.url === '/v1/quota/reserve'
        ? { status: 200, body: held }
        : req.url?.endsWith('/commit')
          ? { status: 200, body: { committed: 3, used: 3, remaining: 97, exceeded: false } }
          : { status: 204, body: '' };
    const { result, commit } = await client.withHold({ orgId: 'o1', metric: 'agent_executions', quantity: 5, id: 'job-1' }, async (hold) => ({ used: 3, result: hold.holdId }));
    expect(result).toBe('hold_1');
    expect(commit.committed).toBe(3);
    expect(seen.map((s) => [s.url, s.body])).toEqual([
      ['/v1/quota/reserve', { orgId: 'o1', metric: 'agent_executions', quantity: 5, id: 'job-1' }],
      ['/v1/quota/holds/hold_1/commit', { quantity: 3 }],
    ]);

    seen = [];
    await expect(client.withHold({ orgId: 'o1', metric: 'agent_executions', quantity: 5, id: 'job-2' }, async () => { throw new Error('work failed'); })).rejects.toThrow('work failed');
    expect(seen.map((s) => s.url)).toEqual(['/v1/quota/reserve', '/v1/quota/holds/hold_1/release']);

    seen = [];
    answer = () => ({ status: 200, body: { ...held, reserved: false, holdId: null, expiresAt: null } });
    let ran = false;
    await expect(client.withHold({ orgId: 'o1', metric: 'agent_executions', quantity: 500, id: 'job-3' }, async () => { ran = true; })).rejects.toThrow(HoldRefusedError);
    expect(ran).toBe(false);
    expect(seen.map((s) => s.url)).toEqual(['/v1/quota/reserve']);
  });

  it('lists credits and grants them (operator)', async () => {
    answer = (req) => (req.method === 'GET' ? { status: 200, body: { balances: { api_calls: 10 }, grants: [], nextCursor: null } } : { status: 201, body: { id: 'g1' } });
    expect((await client.credits('o1', { limit: 10 })).balances.api_calls).toBe(10);
    await client.grantCredits('o1', { id: 'g1', metric: 'api_calls', quantity: 10, reason: 'r' });
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['GET', '/v1/orgs/o1/credits?limit=10', undefined],
      ['POST', '/v1/orgs/o1/credits', { id: 'g1', metric: 'api_calls', quantity: 10, reason: 'r' }],
    ]);
  });

  it('previews a plan change and pages through invoices, money as Money objects', async () => {
    const usd = (amount: number) => ({ amount, currency: 'usd' });
    answer = (req) =>
      req.method === 'GET'
        ? { status: 200, body: { invoices: [{ id: 'in_1', amountDue: usd(9900), amountPaid: usd(9900) }], nextCursor: req.url?.includes('cursor') ? null : 'c1' } }
        : { status: 200, body: { amountDue: usd(20000), lines: [{ description: 'Remaining time', amount: usd(20000) }] } };
    expect((await client.previewPlanChange('o 1', 'business')).amountDue).toEqual(usd(20000));
    const first = await client.listInvoices('o1', { limit: 1 });
    const next = await client.listInvoices('o1', { limit: 1, cursor: first.nextCursor! });
    expect([first.invoices[0].amountPaid, first.nextCursor, next.nextCursor]).toEqual([usd(9900), 'c1', null]);
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/v1/orgs/o%201/subscription/preview', { planId: 'business' }],
      ['GET', '/v1/orgs/o1/invoices?limit=1', undefined],
      ['GET', '/v1/orgs/o1/invoices?limit=1&cursor=c1', undefined],
    ]);
  });

  it('reads usage with the period query: ?at=, ?period=, or a from/to range', async () => {
    answer = () => ({ status: 200, body: { metric: 'api_calls', period: { start: 'a', end: 'b' }, total: 3, series: [{ start: 'a', value: 3 }] } });
    expect((await client.usageSeries('o1', 'api_calls', { from: '2026-01-01', to: '2026-01-31' })).total).toBe(3);
    await client.usageSeries('o1', 'api_calls', { at: '2026-01-05T00:00:00.000Z' });
    await client.usage('o 1', { period: 'previous' });
    await client.usage('o1');
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['GET', '/v1/orgs/o1/usage/api_calls?from=2026-01-01&to=2026-01-31', undefined],
      ['GET', '/v1/orgs/o1/usage/api_calls?at=2026-01-05T00%3A00%3A00.000Z', undefined],
      ['GET', '/v1/orgs/o%201/usage?period=previous', undefined],
      ['GET', '/v1/orgs/o1/usage', undefined],
    ]);
  });

  it('checks an entitlement', async () => {
    answer = () => ({ status: 200, body: { allowed: false, planId: 'explorer', reason: 'upgrade_required' } });
    expect(await client.entitlementCheck({ orgId: 'o1', feature: 'webhooks' })).toEqual({ allowed: false, planId: 'explorer', reason: 'upgrade_required' });
    expect(seen[0]!.url).toBe('/v1/entitlements/check');
  });

  it('turns the contract error body into ArgusApiError, with Retry-After on 429', async () => {
    answer = () => ({ status: 429, headers: { 'retry-after': '17' }, body: { error: { code: 'rate_limited', message: 'Too many', requestId: 'r1' } } });
    const error = await client.quotaCheck({ orgId: 'o1', metric: 'api_calls', quantity: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgusApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', requestId: 'r1', retryAfterSeconds: 17 });
  });

  it('sends usage in chunks of 1000 and merges the answers with global indexes', async () => {
    answer = (_req, body) => ({ status: 202, body: { accepted: body.events.length - 1, rejected: [{ index: 0, id: body.events[0].id, error: 'bad' }] } });
    const events: UsageEvent[] = Array.from({ length: 2500 }, (_, i) => ({ id: `e${i}`, orgId: 'o1', metric: 'api_calls', quantity: 1 }));
    const result = await client.recordUsage(events);
    expect(seen.map((s) => (s.body as { events: unknown[] }).events.length)).toEqual([1000, 1000, 500]);
    expect(result.accepted).toBe(2497);
    expect(result.rejected.map((r) => r.index)).toEqual([0, 1000, 2000]);
  });
});

describe('recordUsageViaSqs', () => {
  const events = (n: number): UsageEvent[] => Array.from({ length: n }, (_, i) => ({ id: `e${i}`, orgId: 'o1', metric: 'api_calls', quantity: 1 }));

  it('packs 100 events per message and 10 messages per SendMessageBatch', async () => {
    const calls: { Entries: { Id: string; MessageBody: string }[] }[] = [];
    const sqs = { send: async (command: { input: (typeof calls)[number] }) => (calls.push(command.input), { Successful: [], Failed: [] }) } as unknown as SQSClient;
    expect(await recordUsageViaSqs(sqs, 'http://q', events(1_150))).toEqual({ messages: 12 });
    expect(calls.map((c) => c.Entries.length)).toEqual([10, 2]);
    const first = JSON.parse(calls[0]!.Entries[0]!.MessageBody);
    expect(first.events).toHaveLength(100);
    expect(JSON.parse(calls[1]!.Entries[1]!.MessageBody).events).toHaveLength(50);
  });

  it('retries the entries SQS refused and reports the events it could not send', async () => {
    let call = 0;
    const flaky = { send: async () => (call++ === 0 ? { Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] } : { Failed: [] }) } as unknown as SQSClient;
    await expect(recordUsageViaSqs(flaky, 'http://q', events(150))).resolves.toEqual({ messages: 2 });
    expect(call).toBe(2);

    const broken = { send: async () => ({ Failed: [{ Id: '0', Code: 'KmsDisabled', SenderFault: true }] }) } as unknown as SQSClient;
    const error = await recordUsageViaSqs(broken, 'http://q', events(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageQueueError);
    expect((error as UsageQueueError).failedEventIds).toEqual(['e0', 'e1', 'e2']);
  });
});

import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { api, localStack } from '../../infra/local/testing/local-stack';
import { checkoutUrls, subscribe } from '../../infra/local/testing/billing';
import { createApiKey, newMemberOf, newUser, type TestUser } from '../../infra/local/testing/users';

/**
 * The MCP server (CONTRACT §6) through the SDK's own client: over Streamable HTTP against POST /v1/mcp, and over stdio
 * through `npx argus mcp` relaying to it. Both transports run the same sweep: every tool with valid input (results
 * checked against their declared output schemas), refusals as isError results with the contract's codes, every
 * resource and prompt.
 */
const REPO = path.resolve(__dirname, '..', '..');
const TOOL_NAMES = ['validate_token', 'get_user_tier', 'check_entitlement', 'check_quota', 'reserve_quota', 'commit_hold', 'release_hold', 'record_usage', 'get_usage', 'get_credits', 'get_subscription', 'preview_plan_change', 'create_checkout', 'list_invoices'];

let owner: TestUser; // subscribed to professional: preview_plan_change has a subscription to preview against
let fresh: TestUser; // on explorer: create_checkout may start one
let member: TestUser;
let outsider: TestUser;
let fullKey: string;
let mcpOnlyKey: string;
let noMcpKey: string;

beforeAll(async () => {
  [owner, fresh, outsider] = await Promise.all([newUser(), newUser(), newUser()]);
  member = await newMemberOf(owner.token, owner.orgId, 'member');
  [fullKey, mcpOnlyKey, noMcpKey] = await Promise.all([
    createApiKey(owner.token, owner.orgId, ['read', 'quota:check', 'usage:write', 'mcp:invoke']),
    createApiKey(owner.token, owner.orgId, ['mcp:invoke']),
    createApiKey(owner.token, owner.orgId, ['read', 'quota:check', 'usage:write']),
  ]);
  await subscribe(owner, 'professional');
}, 120_000);

function httpTransport(token: string): Transport {
  return new StreamableHTTPClientTransport(new URL(`${localStack().apiUrl}/v1/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
}

function stdioTransport(token: string): Transport {
  return new StdioClientTransport({
    command: process.execPath,
    args: [path.join(REPO, 'cli', 'bin', 'argus.cjs'), 'mcp'],
    cwd: REPO,
    env: { ...(process.env as Record<string, string>), ARGUS_API_URL: localStack().apiUrl, ARGUS_API_KEY: token },
    stderr: 'pipe',
  });
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'argus-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

describe.each([
  ['Streamable HTTP (POST /v1/mcp)', httpTransport],
  ['stdio (npx argus mcp)', stdioTransport],
] as const)('MCP over %s', (_, transportFor) => {
  let client: Client;
  let schemas: Map<string, { input: object; output: object }>;

  beforeAll(async () => {
    client = await connect(transportFor(owner.token));
  }, 60_000);
  afterAll(async () => client?.close());

  it('initializes and lists every tool with both schemas and the three annotations', async () => {
    expect(client.getServerVersion()).toEqual(expect.objectContaining({ name: 'argus' }));
    expect(client.getServerCapabilities()).toEqual(expect.objectContaining({ tools: expect.any(Object), resources: expect.any(Object), prompts: expect.any(Object) }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    schemas = new Map();
    for (const tool of tools) {
      expect({ name: tool.name, input: tool.inputSchema.type, output: tool.outputSchema?.type }).toEqual({ name: tool.name, input: 'object', output: 'object' });
      expect(tool.annotations).toEqual(expect.objectContaining({ readOnlyHint: expect.any(Boolean), destructiveHint: expect.any(Boolean), idempotentHint: expect.any(Boolean) }));
      expect(tool.description!.length).toBeGreaterThan(80);
      schemas.set(tool.name, { input: tool.inputSchema, output: tool.outputSchema! });
    }
    expect(tools.find((t) => t.name === 'create_checkout')!.annotations).toEqual(expect.objectContaining({ readOnlyHint: false, idempotentHint: false }));
    expect(tools.find((t) => t.name === 'check_quota')!.annotations).toEqual(expect.objectContaining({ readOnlyHint: true, destructiveHint: false }));
  });

  it('calls every tool with valid input; each result validates against its output schema', async () => {
    // release_hold gives back a hold reserved over REST; commit_hold settles the one reserve_quota makes just before it.
    const restHold = await api('/v1/quota/reserve', { token: owner.token, body: { orgId: owner.orgId, metric: 'agent_executions', quantity: 2, id: `rest-hold-${Math.random()}` } });
    expect(restHold.status).toBe(200);
    const results = new Map<string, Record<string, any>>();
    const calls: Record<string, Record<string, unknown> | (() => Record<string, unknown>)> = {
      validate_token: { token: owner.token },
      reserve_quota: { org_id: owner.orgId, metric: 'agent_executions', quantity: 4, id: `mcp-hold-${Math.random()}`, ttl_seconds: 600 },
      commit_hold: () => ({ hold_id: results.get('reserve_quota')!.holdId, quantity: 3 }),
      release_hold: { hold_id: restHold.body.holdId },
      get_credits: { org_id: owner.orgId, limit: 10 },
      get_user_tier: {},
      check_entitlement: { org_id: owner.orgId, feature: 'advanced_predictions' },
      check_quota: { org_id: owner.orgId, metric: 'api_calls', quantity: 5 },
      record_usage: { org_id: owner.orgId, id: `mcp-${Math.random()}`, metric: 'api_calls', quantity: 3 },
      get_usage: { org_id: owner.orgId },
      get_subscription: { org_id: owner.orgId },
      preview_plan_change: { org_id: owner.orgId, plan_id: 'business' },
      create_checkout: { org_id: fresh.orgId, plan_id: 'professional', success_url: checkoutUrls.successUrl, cancel_url: checkoutUrls.cancelUrl },
      list_invoices: { org_id: owner.orgId, limit: 5 },
    };
    expect(Object.keys(calls).sort()).toEqual([...TOOL_NAMES].sort());
    // create_checkout acts on `fresh`'s org, which the owner's token cannot reach: it runs with fresh's own token.
    const freshClient = await connect(transportFor(fresh.token));
    try {
      for (const [name, given] of Object.entries(calls)) {
        const args = typeof given === 'function' ? given() : given;
        const result = await (name === 'create_checkout' ? freshClient : client).callTool({ name, arguments: args });
        results.set(name, result.structuredContent as Record<string, any>);
        expect({ name, isError: result.isError ?? false, text: result.isError ? result.content : 'ok' }).toEqual({ name, isError: false, text: 'ok' });
        const validate = ajv.compile(schemas.get(name)!.output);
        expect({ name, valid: validate(result.structuredContent), errors: validate.errors ?? null }).toEqual({ name, valid: true, errors: null });
        expect((result.content as { type: string; text: string }[])[0]).toEqual({ type: 'text', text: expect.any(String) });
      }
    } finally {
      await freshClient.close();
    }
    expect(results.get('reserve_quota')).toEqual(expect.objectContaining({ reserved: true, holdId: expect.any(String), held: expect.any(Number) }));
    expect(results.get('commit_hold')).toEqual(expect.objectContaining({ committed: 3, exceeded: false }));
    expect(results.get('release_hold')).toEqual({ released: true, holdId: restHold.body.holdId });
    expect(results.get('get_credits')).toEqual({ balances: expect.any(Object), grants: [], nextCursor: null });
    // The committed hold's 3 executions are usage, as REST reads it; the released hold's 2 are held no more.
    const after = await api('/v1/quota/check', { token: owner.token, body: { orgId: owner.orgId, metric: 'agent_executions', quantity: 1 } });
    expect(after.body.used).toBe(results.get('commit_hold')!.used);
    const reserveAgain = await client.callTool({ name: 'reserve_quota', arguments: { org_id: owner.orgId, metric: 'agent_executions', quantity: 4, id: (calls.reserve_quota as { id: string }).id, ttl_seconds: 600 } });
    expect(reserveAgain.structuredContent).toEqual(expect.objectContaining({ holdId: results.get('reserve_quota')!.holdId }));
    const tier = await client.callTool({ name: 'get_user_tier', arguments: {} });
    expect(tier.structuredContent).toEqual(expect.objectContaining({ orgId: owner.orgId, planId: 'professional' }));
    const who = await client.callTool({ name: 'validate_token', arguments: { token: owner.token } });
    expect(who.structuredContent).toEqual(expect.objectContaining({ valid: true, principal: 'user', userId: owner.userId, email: owner.email, orgId: owner.orgId, tier: 'professional' }));
    const bogus = await client.callTool({ name: 'validate_token', arguments: { token: 'ak_notarealkeynotarealkey0000' } });
    expect(bogus).toEqual(expect.objectContaining({ structuredContent: expect.objectContaining({ valid: false, reason: 'invalid_key' }) }));
    expect(bogus.isError).toBeFalsy();
  });

  it('refuses as isError results carrying the contract codes: validation, non-member org', async () => {
    const bad = await client.callTool({ name: 'check_quota', arguments: { org_id: owner.orgId, metric: 'api_calls', quantity: -1 } });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toEqual({ error: expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ path: 'arguments.quantity' })] }) });
    const notMine = await client.callTool({ name: 'get_usage', arguments: { org_id: outsider.orgId } });
    expect(notMine.isError).toBe(true);
    expect(notMine.structuredContent).toEqual({ error: expect.objectContaining({ code: 'not_found', message: expect.any(String) }) });
    expect(JSON.parse((notMine.content as { text: string }[])[0]!.text)).toEqual(notMine.structuredContent);
    const notMyCredits = await client.callTool({ name: 'get_credits', arguments: { org_id: outsider.orgId } });
    expect(notMyCredits).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'not_found' }) } }));
    const noHold = await client.callTool({ name: 'commit_hold', arguments: { hold_id: 'hold_nonexistent', quantity: 1 } });
    expect(noHold).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'not_found' }) } }));
    const hold = await client.callTool({ name: 'reserve_quota', arguments: { org_id: owner.orgId, metric: 'api_calls', quantity: 1, id: `refuse-${Math.random()}` } });
    const holdId = (hold.structuredContent as { holdId: string }).holdId;
    expect((await client.callTool({ name: 'release_hold', arguments: { hold_id: holdId } })).isError).toBeFalsy();
    const afterRelease = await client.callTool({ name: 'commit_hold', arguments: { hold_id: holdId, quantity: 1 } });
    expect(afterRelease).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'conflict' }) } }));
    const badTtl = await client.callTool({ name: 'reserve_quota', arguments: { org_id: owner.orgId, metric: 'api_calls', quantity: 1, id: 'x', ttl_seconds: 7200 } });
    expect(badTtl.structuredContent).toEqual({ error: expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ path: 'arguments.ttl_seconds' })] }) });
  });

  it('reads every resource and gets every prompt', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['argus://config/features', 'argus://config/rate-limits', 'argus://config/tiers']);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['argus://orgs/{orgId}/usage']);
    for (const uri of [...resources.map((r) => r.uri), `argus://orgs/${owner.orgId}/usage`]) {
      const read = await client.readResource({ uri });
      expect({ uri, parsed: typeof JSON.parse((read.contents[0] as { text: string }).text) }).toEqual({ uri, parsed: 'object' });
    }
    const tiers = JSON.parse(((await client.readResource({ uri: 'argus://config/tiers' })).contents[0] as { text: string }).text);
    expect(tiers.plans.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['explorer', 'professional', 'business', 'enterprise']));
    await expect(client.readResource({ uri: `argus://orgs/${outsider.orgId}/usage` })).rejects.toThrow(/Org not found/);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['billing-summary', 'check-access']);
    const access = await client.getPrompt({ name: 'check-access', arguments: { org_id: owner.orgId, feature: 'export' } });
    expect((access.messages[0]!.content as { text: string }).text).toContain('check_entitlement');
    const billing = await client.getPrompt({ name: 'billing-summary', arguments: { org_id: owner.orgId } });
    expect((billing.messages[0]!.content as { text: string }).text).toContain('get_subscription');
  });
});

describe('MCP authorization follows the REST twins', () => {
  it('a key without mcp:invoke gets 403 on /v1/mcp; GET and DELETE answer 405', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    const refused = await api('/v1/mcp', { token: noMcpKey, body: init });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await api('/v1/mcp', { token: fullKey, body: init })).status).toBe(200);
    for (const method of ['GET', 'DELETE']) {
      const res = await api('/v1/mcp', { method, token: fullKey });
      expect({ method, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, status: 405, allow: 'POST' });
    }
  });

  it("a key's tools need the twin's scope; user-only twins refuse keys (stdio relay with a key)", async () => {
    const client = await connect(stdioTransport(mcpOnlyKey));
    try {
      const usage = await client.callTool({ name: 'get_usage', arguments: { org_id: owner.orgId } });
      expect(usage).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'forbidden' }) } }));
      const reserve = await client.callTool({ name: 'reserve_quota', arguments: { org_id: owner.orgId, metric: 'api_calls', quantity: 1, id: `k-${Math.random()}` } });
      expect(reserve).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'forbidden' }) } }));
      const who = await client.callTool({ name: 'validate_token', arguments: { token: fullKey } });
      expect(who.structuredContent).toEqual(expect.objectContaining({ valid: true, principal: 'apiKey', orgId: owner.orgId, scopes: expect.arrayContaining(['mcp:invoke', 'read']) }));
    } finally {
      await client.close();
    }
    const keyed = await connect(httpTransport(fullKey));
    try {
      expect((await keyed.callTool({ name: 'get_user_tier', arguments: {} })).structuredContent).toEqual(expect.objectContaining({ orgId: owner.orgId }));
      const preview = await keyed.callTool({ name: 'preview_plan_change', arguments: { org_id: owner.orgId, plan_id: 'business' } });
      expect(preview).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'forbidden' }) } }));
    } finally {
      await keyed.close();
    }
  });

  it("a member's token records no usage through MCP, as over REST", async () => {
    const event = { id: `m-${Math.random()}`, metric: 'api_calls', quantity: 1 };
    const rest = await api('/v1/usage', { token: member.token, body: { events: [{ ...event, orgId: owner.orgId }] } });
    expect(rest.status).toBe(403);
    const client = await connect(httpTransport(member.token));
    try {
      const tool = await client.callTool({ name: 'record_usage', arguments: { ...event, org_id: owner.orgId } });
      expect(tool).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'forbidden' }) } }));
      // Nor reserve quota (a hold is a consume to come: admins, owners and quota:check keys), as over REST.
      const restReserve = await api('/v1/quota/reserve', { token: member.token, body: { orgId: owner.orgId, metric: 'api_calls', quantity: 1, id: event.id } });
      expect(restReserve.status).toBe(403);
      const reserve = await client.callTool({ name: 'reserve_quota', arguments: { org_id: owner.orgId, metric: 'api_calls', quantity: 1, id: event.id } });
      expect(reserve).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'forbidden' }) } }));
      // Reading credits is a member's right on both.
      expect((await client.callTool({ name: 'get_credits', arguments: { org_id: owner.orgId } })).isError).toBeFalsy();
      // Reading is a member's right on both.
      expect((await client.callTool({ name: 'check_quota', arguments: { org_id: owner.orgId, metric: 'api_calls', quantity: 1 } })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('hostile JSON-RPC: malformed JSON, non-JSON-RPC, unknown methods and tools, huge params are never a 5xx', async () => {
    const post = (rawBody: string, headers: Record<string, string> = {}) => api('/v1/mcp', { method: 'POST', token: fullKey, rawBody, headers: { 'content-type': 'application/json', ...headers } });
    expect((await post('{"jsonrpc":')).body.error.code).toBe('invalid_json');
    const notRpc = await post('{"hello":"world"}');
    expect(notRpc.status).toBe(400);
    expect(notRpc.body.error.code).toBe('validation_failed');
    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'no/such/method', params: {} }));
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ jsonrpc: '2.0', id: 7, error: expect.objectContaining({ code: -32601 }) });
    const noTool = await post(JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'transfer_money', arguments: {} } }));
    expect(noTool.body).toEqual({ jsonrpc: '2.0', id: 8, error: expect.objectContaining({ data: { error: expect.objectContaining({ code: 'not_found' }) } }) });
    const huge = await post(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'validate_token', arguments: { token: 'x'.repeat(200_000) } } }));
    expect(huge.status).toBe(200);
    expect(huge.body.result).toEqual(expect.objectContaining({ isError: true, structuredContent: { error: expect.objectContaining({ code: 'validation_failed' }) } }));
    const badVersion = await post(JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'tools/list' }), { 'mcp-protocol-version': '1999-01-01' });
    expect([badVersion.status, badVersion.body.error.code]).toEqual([400, 'validation_failed']);
    const notification = await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(notification.status).toBe(202);
    expect((await post('[]')).status).toBe(400);
  });
});

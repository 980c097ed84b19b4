import { loadRouteSpecs } from '../../infra/openapi/load-route-specs';
import { routes } from '../../infra/routes';

// Importing the tool table imports the twins' shared/ modules, which read their settings at load: the OpenAPI
// generator's import-time settings (dummies; nothing here calls a service) are set by loading the route specs first.
loadRouteSpecs(routes.filter((r) => r.handler === 'mcp'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TOOLS } = require('./tools') as typeof import('./tools');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toolListing } = require('./call-tool') as typeof import('./call-tool');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mcpRequestBody } = require('./http') as typeof import('./http');

/** CONTRACT §6's tools. */
const CONTRACT_TOOLS = ['validate_token', 'get_user_tier', 'check_entitlement', 'check_quota', 'reserve_quota', 'commit_hold', 'release_hold', 'record_usage', 'get_usage', 'get_credits', 'get_subscription', 'preview_plan_change', 'create_checkout', 'list_invoices'];

describe('the MCP tool table', () => {
  it('holds the contract tools, each once', () => {
    expect(TOOLS.map((t) => t.name).sort()).toEqual([...CONTRACT_TOOLS].sort());
  });

  it.each(TOOLS.map((t) => [t.name, t] as const))('%s: a twin the route table serves, snake_case arguments, object schemas, the three hints', (_, tool) => {
    if (tool.twin) expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(tool.twin);
    const listing = toolListing(tool);
    expect(listing.inputSchema.type).toBe('object');
    for (const name of Object.keys((listing.inputSchema as { properties?: object }).properties ?? {})) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(listing.outputSchema).toEqual({ type: 'object', anyOf: [expect.objectContaining({ type: 'object' }), expect.objectContaining({ type: 'object', required: ['error'] })] });
    expect(Object.keys(listing.annotations)).toEqual(expect.arrayContaining(['readOnlyHint', 'destructiveHint', 'idempotentHint']));
    expect(JSON.stringify(listing)).not.toContain('$schema');
  });

  it('says in the descriptions what costs and what never happens', () => {
    const description = (name: string) => TOOLS.find((t) => t.name === name)!.description;
    expect(description('create_checkout')).toMatch(/URL that a person must open and pay/);
    expect(description('create_checkout')).toMatch(/no tool moves money/);
    expect(description('preview_plan_change')).toMatch(/no money moves/);
    for (const tool of TOOLS.filter((t) => t.annotations.readOnlyHint)) expect({ name: tool.name, says: /[Rr]eads only/.test(tool.description) }).toEqual({ name: tool.name, says: true });
  });

  it('refuses as a contract refusal what its twin refuses: keys on user-only twins, scopes from the route table', () => {
    const byName = new Map(TOOLS.map((t) => [t.name, t]));
    const twin = (name: string) => routes.find((r) => `${r.method} ${r.path}` === byName.get(name)!.twin)!;
    expect(twin('create_checkout').auth).toBe('jwt');
    expect(twin('preview_plan_change').auth).toBe('jwt');
    expect(twin('record_usage').scopes).toEqual(['usage:write']);
    expect(twin('check_quota').scopes).toEqual(['quota:check']);
  });
});

describe('the /v1/mcp body', () => {
  it('takes JSON-RPC 2.0 requests, notifications, responses and batches', () => {
    for (const body of [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x', arguments: {} } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, result: {} },
      [{ jsonrpc: '2.0', id: 1, method: 'ping' }],
    ]) {
      expect(mcpRequestBody.safeParse(body).success).toBe(true);
    }
  });

  it('refuses what is not JSON-RPC, and never turns a request with a bad id into a notification', () => {
    for (const body of [undefined, [], {}, { jsonrpc: '1.0', id: 1, method: 'x' }, { jsonrpc: '2.0', id: 1.5, method: 'x' }, { jsonrpc: '2.0', id: {}, method: 'x' }, 'x', Array(101).fill({ jsonrpc: '2.0', method: 'n' })]) {
      expect({ body, ok: mcpRequestBody.safeParse(body).success }).toEqual({ body, ok: false });
    }
  });
});

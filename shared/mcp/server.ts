import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../errors';
import { callTool, findTool, toolListing } from './call-tool';
import { getPrompt, listPrompts, PROMPTS } from './prompts';
import { refusalBody } from './refusal';
import { listResources, readResource, USAGE_TEMPLATE } from './resources';
import type { McpContext } from './tool';
import { TOOLS } from './tools';

export const SERVER_INFO = { name: 'argus', title: 'Argus', version: '1.1.0' } as const;

/** The SDK builds an Ajv instance per server unless given one; servers are per request, so one per container is shared. */
const jsonSchemaValidator = new AjvJsonSchemaValidator();

const INSTRUCTIONS = [
  'Argus is the auth, plan, quota, usage-metering and billing service of this product. Orgs hold plans; plans grant features, per-metric allowances and a rate limit.',
  'Check before you act: check_entitlement for a feature, check_quota before metered work; record_usage reports work already done (its id makes retries safe).',
  'No tool moves money: create_checkout returns a link that a person must open and pay; preview_plan_change only previews.',
  'A refused call is a result with isError: true carrying { error: { code, message } } (forbidden: the credential lacks the scope or role; not_found: no such org or not a member).',
].join(' ');

/**
 * The MCP server for one caller. The low-level SDK server (not McpServer) because CONTRACT §6 wants every refusal,
 * invalid arguments included, as the contract's error body: McpServer answers invalid arguments with its own text.
 * Stateless: one per request, so nothing about one caller survives into another's.
 */
export function createMcpServer(ctx: McpContext): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS, jsonSchemaValidator });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOLS.map(toolListing) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = findTool(request.params.name);
    if (!tool) throw protocolRefusal(new AppError(404, 'not_found', `No tool named ${request.params.name.slice(0, 100)}; tools/list names them`), ctx);
    return callTool(tool, request.params.arguments, ctx);
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: listResources() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [USAGE_TEMPLATE] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    try {
      return { contents: [await readResource(request.params.uri, ctx)] };
    } catch (error) {
      throw protocolRefusal(error, ctx);
    }
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: listPrompts() }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const prompt = PROMPTS.find((p) => p.name === request.params.name);
    try {
      if (!prompt) throw new AppError(404, 'not_found', `No prompt named ${request.params.name.slice(0, 100)}; prompts/list names them`);
      return getPrompt(prompt, request.params.arguments);
    } catch (error) {
      throw protocolRefusal(error, ctx);
    }
  });
  return server;
}

/**
 * Refusals outside tool calls (resources, prompts, unknown tools) are JSON-RPC errors, as MCP has no error results
 * there; `data` carries the contract's error body and the code follows the status (404: MCP's resource-not-found).
 */
function protocolRefusal(error: unknown, ctx: McpContext): McpError {
  const body = refusalBody(error, ctx.requestId);
  const status = error instanceof AppError ? error.statusCode : 500;
  const code = status === 404 ? -32002 : status === 400 ? ErrorCode.InvalidParams : status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidRequest;
  return new McpError(code, body.error.message, body);
}

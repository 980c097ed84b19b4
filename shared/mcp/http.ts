import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors';
import type { HttpResult } from '../http/types';
import { MAX_BODY_BYTES } from '../http/body';
import { logger } from '../logger';
import { createMcpServer } from './server';
import type { McpContext } from './tool';

const rpcId = z.union([z.string().max(256), z.number().int()]);
const rpcParams = z.record(z.string(), z.unknown()).optional();
const rpcMethod = z.string().min(1).max(256);
/** Strict objects: a request whose id is malformed must not pass as a notification with the id dropped. */
const rpcMessage = z.union(
  [
    z.strictObject({ jsonrpc: z.literal('2.0'), id: rpcId, method: rpcMethod, params: rpcParams }),
    z.strictObject({ jsonrpc: z.literal('2.0'), method: rpcMethod, params: rpcParams }),
    z.strictObject({ jsonrpc: z.literal('2.0'), id: rpcId, result: z.record(z.string(), z.unknown()) }),
    z.strictObject({ jsonrpc: z.literal('2.0'), id: rpcId.nullable(), error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }) }),
  ],
  { error: 'must be a JSON-RPC 2.0 message: a request { "jsonrpc": "2.0", "id", "method", "params"? }, a notification (no id), or a response' },
);

/** `POST /v1/mcp` body: one JSON-RPC message (the SDK's transport also takes a batch of up to 100). */
export const mcpRequestBody = z.union([rpcMessage, z.array(rpcMessage).min(1).max(100)], {
  error: 'must be a JSON-RPC 2.0 message (or a non-empty array of at most 100)',
});
export type McpRequestBody = z.output<typeof mcpRequestBody>;

const protocolVersion = z.enum(SUPPORTED_PROTOCOL_VERSIONS as [string, ...string[]]).optional();

/**
 * One `POST /v1/mcp` exchange (Streamable HTTP, stateless, JSON responses): a fresh server and transport for this
 * request only, handed the body httpHandler already parsed and validated, so what is not JSON or not JSON-RPC got the
 * contract's 400 before any MCP code ran. We answer JSON only, so the request's Accept and Content-Type are not the
 * transport's business (the API's other routes do not judge them either). Whatever the transport still refuses comes
 * back as the contract's error body; JSON-RPC errors (unknown method, bad params) are 200 answers, as MCP has them.
 */
export async function serveMcp(body: McpRequestBody, version: string | undefined, ctx: McpContext): Promise<HttpResult> {
  const checkedVersion = protocolVersion.safeParse(version);
  if (!checkedVersion.success) {
    throw new ValidationError([{ path: 'headers.mcp-protocol-version', message: `is not a protocol version this server speaks (${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})` }]);
  }
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  const server = createMcpServer(ctx);
  await server.connect(transport);
  try {
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
    if (checkedVersion.data) headers['mcp-protocol-version'] = checkedVersion.data;
    const response = await transport.handleRequest(new Request('http://argus.local/v1/mcp', { method: 'POST', headers }), { parsedBody: body });
    const text = await response.text();
    if (response.status >= 400) throw transportRefusal(response.status, text);
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } finally {
    await server.close();
  }
}

const rpcErrorBody = z.object({ error: z.object({ message: z.string() }) });

function transportRefusal(status: number, text: string): AppError {
  const parsed = rpcErrorBody.safeParse(safeJson(text));
  const message = parsed.success ? parsed.data.error.message : `the MCP transport refused the request (${status})`;
  logger.info('mcp transport refused a request', { status, message });
  if (status === 404) return new NotFoundError(message);
  if (status === 413) return new PayloadTooLargeError(MAX_BODY_BYTES);
  return new ValidationError([{ path: 'body', message }]);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

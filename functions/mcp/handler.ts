import { httpHandler } from '../../shared/http/handler';
import { mcpRequestBody, serveMcp } from '../../shared/mcp/http';

/**
 * POST /v1/mcp: the MCP server over Streamable HTTP, stateless, JSON responses (CONTRACT §6). A key needs `mcp:invoke`
 * (the route table); each tool then checks its REST twin's scope and role. GET and DELETE answer 405 (no
 * server-initiated streams, no sessions): the route table lists POST only.
 */
export const handler = httpHandler({ body: mcpRequestBody }, async ({ body, headers, identity, requestId }) =>
  serveMcp(body, headers['mcp-protocol-version'], { identity, requestId }),
);

import { z } from 'zod';
import { ErrorBody } from '../http/response-schemas';
import type { RouteDef } from '../../infra/routes';
import { authorizeAs, routeByKey } from '../http/authorize';
import { parseArguments, type AnyTool, type McpContext } from './tool';
import { refusalBody } from './refusal';
import { TOOLS } from './tools';

/** Each tool's twin route, found once at load: a twin the route table lacks fails the function's start, not a call. */
const twins = new Map<string, RouteDef | null>(TOOLS.map((t) => [t.name, t.twin ? routeByKey(t.twin) : null]));
const byName = new Map(TOOLS.map((t) => [t.name, t]));

export function findTool(name: string): AnyTool | undefined {
  return byName.get(name);
}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
  isError?: true;
}

/**
 * One tool call: arguments parsed against the tool's schema, the twin route's caller checks (key scope, org
 * membership and role, from the route table), the tool's one shared/ call, and its result parsed through the output
 * schema. Any refusal is an `isError` result carrying the contract's error body, never a thrown protocol error.
 */
export async function callTool(tool: AnyTool, rawArguments: unknown, ctx: McpContext): Promise<ToolResult> {
  try {
    const args = parseArguments(tool.input, rawArguments ?? {});
    const twin = twins.get(tool.name);
    const orgId = twin?.path.includes('{orgId}') ? await (tool.orgOf ? tool.orgOf(args, ctx) : Promise.resolve(String(args.org_id ?? ''))) : undefined;
    if (twin) await authorizeAs(twin, ctx.identity, orgId);
    const result = await tool.run(args, { ...ctx, orgId });
    const structured = tool.output.parse(result) as Record<string, unknown>;
    return { content: [{ type: 'text', text: tool.summary(structured, args) }], structuredContent: structured };
  } catch (error) {
    const body = refusalBody(error, ctx.requestId);
    return { content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body, isError: true };
  }
}

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/**
 * A tool's `tools/list` entry. `outputSchema` admits the success body or, on `isError` results, the contract's error
 * body: the SDK's own client (1.32) validates `structuredContent` against it even on error results
 * (modelcontextprotocol/typescript-sdk#1943), and CONTRACT §6 puts the error body there.
 */
export function toolListing(tool: AnyTool) {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: { ...jsonSchema(tool.input, 'input'), type: 'object' as const },
    outputSchema: { type: 'object' as const, anyOf: [jsonSchema(tool.output, 'output'), jsonSchema(ErrorBody, 'output')] },
    annotations: { title: tool.title, ...tool.annotations },
  };
}

import { z } from 'zod';
import type { Identity } from '../auth/identity';
import { ValidationError, type ErrorDetail } from '../errors';

/** Who calls a tool, resource or prompt, and the HTTP request it arrived in (its id goes into refusal bodies). */
export interface McpContext {
  identity: Identity;
  requestId: string;
}

/** A tool run's context: for an `{orgId}` twin, also the org its checks passed on. */
export interface ToolContext extends McpContext {
  orgId?: string;
}

/** MCP tool annotations (hints for clients; CONTRACT §6 asks for these three on every tool). */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  /** Reaches outside Argus (Stripe). */
  openWorldHint: boolean;
}

/**
 * One MCP tool, defined once. `twin` names the REST route (`METHOD /path` of infra/routes.ts) whose key scopes and org
 * role the tool obeys, checked from the route table before `run`; `run` then makes the same shared/ call the route's
 * handler makes (and so meets the same domain rules and refusals). `input` is what the model sends (snake_case, seed A's
 * names), `output` the twin's success body (shared/http/response-schemas.ts, which the OpenAPI document is built from), so REST and MCP answer the same shape.
 */
export interface ToolDef<I extends z.ZodObject = z.ZodObject, R = unknown> {
  name: string;
  title: string;
  /** Written for a model: when to use it, what it costs, what it never does. */
  description: string;
  /** `null`: needs only `mcp:invoke` (validate_token). */
  twin: string | null;
  /** The org of an `{orgId}` twin's org check; default: the `org_id` argument. */
  orgOf?: (args: z.output<I>, ctx: McpContext) => Promise<string>;
  input: I;
  /**
   * An object schema (MCP requires one). Results are parsed through it before they leave, so the answer is exactly
   * what it declares; the twin's schema is tied to the shared/ view's type by shared/http/response-schemas.ts.
   */
  output: z.ZodObject;
  annotations: ToolHints;
  run: (args: z.output<I>, ctx: ToolContext) => Promise<R>;
  /** The short text beside `structuredContent`, for clients that show only text. */
  summary: (result: R, args: z.output<I>) => string;
}

export type AnyTool = ToolDef<z.ZodObject, unknown>;

/** Keeps each definition's argument and result types while the table holds them side by side. */
export function defineTool<I extends z.ZodObject, R>(tool: ToolDef<I, R>): AnyTool {
  return tool as unknown as AnyTool;
}

type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}` : S;
type SnakeShape<T extends z.ZodRawShape> = { [K in keyof T as Snake<K & string>]: T[K] };

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A REST body's fields under their snake_case names (CONTRACT §6: a tool takes its twin's fields, seed A's spelling). */
export function snakeShape<T extends z.ZodRawShape>(shape: T): SnakeShape<T> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [snakeCase(k), v])) as SnakeShape<T>;
}

/**
 * Parses a tool's arguments; a failure is the contract's `validation_failed` with one detail per field, named
 * `arguments.<snake_case path>`.
 */
export function parseArguments<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((issue) => ({ path: ['arguments', ...issue.path.map((p) => snakeCase(String(p)))].join('.'), message: issue.message })));
}

/** Snake_case arguments as the twin's camelCase body, parsed by the twin's own schema (its refinements included). */
export function asTwinBody<S extends z.ZodType>(schema: S, args: Record<string, unknown>): z.output<S> {
  return parseArguments(schema, Object.fromEntries(Object.entries(args).map(([k, v]) => [camelCase(k), v])));
}

/** A shared/ refusal names REST places (`body.planId`, `query.cursor`); a tool's caller knows them as arguments. */
export function argumentDetails(details: ErrorDetail[] | undefined): ErrorDetail[] | undefined {
  return details?.map((d) => ({ ...d, path: d.path.replace(/^(body|query|path)(\.|$)/, 'arguments$2').split('.').map(snakeCase).join('.') }));
}

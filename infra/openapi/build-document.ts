import { usageEventSchema } from '../../events/usage';
import type { RouteDef } from '../routes';
import { errorStatuses, type ErrorStatus } from './error-statuses';
import { componentSchemas, requestJsonSchema, type JsonSchema } from './json-schema';
import type { LoadedSpec } from './load-route-specs';
import { components, ErrorBody, successResponses } from './responses';
import { rpcComponentSchemas, rpcOperationParts } from './rpc-operation';

/** The parts of OpenAPI 3.1 this generator writes (typed so a typo in a key is a compile error). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string; variables?: Record<string, { default: string; description: string }> }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, { description: string; schema: JsonSchema; required?: boolean }>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }>;
  };
}

export interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject | Ref>;
  'x-argus-auth': RouteDef['auth'];
  'x-argus-scopes'?: string[];
  'x-argus-role'?: string;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, Ref>;
  content?: Record<string, { schema: JsonSchema | Ref }>;
}
interface Ref {
  $ref: string;
  description?: string;
}

const ref = (kind: 'schemas' | 'responses' | 'headers', name: string): Ref => ({ $ref: `#/components/${kind}/${name}` });
const REQUEST_ID = { 'x-request-id': ref('headers', 'XRequestId') };
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': ref('headers', 'RateLimitLimit'),
  'RateLimit-Remaining': ref('headers', 'RateLimitRemaining'),
  'RateLimit-Reset': ref('headers', 'RateLimitReset'),
  'RateLimit-Policy': ref('headers', 'RateLimitPolicy'),
};

/** One shared response per error status; operations point at it and say, in their own `description`, why they answer it. */
const ERROR_RESPONSES: Record<ErrorStatus, { name: string; description: string; headers?: Record<string, Ref> }> = {
  400: { name: 'BadRequest', description: 'validation_failed, invalid_json or invalid_signature' },
  401: { name: 'Unauthorized', description: 'unauthorized' },
  402: { name: 'UpgradeRequired', description: 'upgrade_required' },
  403: { name: 'Forbidden', description: 'forbidden' },
  404: { name: 'NotFound', description: 'not_found' },
  409: { name: 'Conflict', description: 'conflict' },
  413: { name: 'PayloadTooLarge', description: 'payload_too_large' },
  429: { name: 'RateLimited', description: 'rate_limited', headers: { 'Retry-After': ref('headers', 'RetryAfter'), ...RATE_LIMIT_HEADERS } },
  500: { name: 'Internal', description: 'internal' },
};

const AUTH_TEXT: Record<RouteDef['auth'], string> = {
  none: 'Public: no credentials.',
  jwt: 'A Cognito **access token** (`Authorization: Bearer <token>`; ID tokens are refused).',
  'jwt-or-key': 'A Cognito access token or an Argus API key (`Authorization: Bearer ak_…`).',
};

/**
 * Builds the OpenAPI 3.1 document from the route table (paths, methods, auth, scopes, roles) and the request schemas
 * each handler validates with (`specs`, from `handler.spec`). Success bodies come from responses.ts.
 */
export function buildOpenApiDocument(routes: readonly RouteDef[], specs: ReadonlyMap<string, LoadedSpec>, version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const spec = specs.get(route.handler);
    if (!spec) throw new Error(`no request spec loaded for ${route.handler}`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, spec);
  }
  const tags = [...new Set(routes.map(tagOf))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Argus API',
      version,
      description:
        'Auth, subscription billing, usage metering and quota enforcement. Generated from infra/routes.ts and the handlers\' request schemas ' +
        '(`npm run openapi`); the public contract is CONTRACT.md. Extensions: `x-argus-auth` (route-table auth kind), `x-argus-scopes` ' +
        '(API-key scopes accepted, any one suffices), `x-argus-role` (least org role). On AWS, a request API Gateway refuses itself ' +
        '(missing or bad token on a `jwt` route, missing `Authorization` on a `jwt-or-key` route) gets API Gateway\'s `401 {"message":"Unauthorized"}`, not the error body. ' +
        'A path served with other methods answers `405 method_not_allowed` with `Allow`; an unknown path `404 not_found`. CORS: preflights (`OPTIONS`) ' +
        'are answered and `access-control-allow-origin` is set for the stage\'s console origins (local: any `http://localhost:*` and `http://127.0.0.1:*`), ' +
        'exposing `x-request-id`, `retry-after` and the RateLimit headers. Anonymous `/v1/auth/*` requests are limited per source IP and route.',
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'Local stack (`npm start`; port from `PORT`)' },
      { url: '{apiUrl}', description: 'A deployed stage', variables: { apiUrl: { default: 'https://example.execute-api.us-east-1.amazonaws.com', description: 'The stack output `ApiUrl`' } } },
    ],
    tags,
    paths,
    components: {
      // UsageEvent is the contract's object shared by POST /v1/usage and the SQS usage queue (events/usage.ts).
      schemas: {
        ...componentSchemas(components),
        UsageEvent: requestJsonSchema(usageEventSchema),
        ...rpcComponentSchemas([...specs.values()].flatMap((spec) => (spec.rpc ? [spec.rpc] : []))),
      },
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map((r) => [r.name, { description: r.description, headers: { ...REQUEST_ID, ...r.headers }, content: { 'application/json': { schema: ref('schemas', errorBodyId()) } } }]),
      ),
      headers: {
        XRequestId: { description: 'The request id (also in error bodies and logs). On every response.', required: true, schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds until a retry can succeed.', required: true, schema: { type: 'integer', minimum: 1 } },
        Location: { description: 'Where the redirect points (a presigned URL).', required: true, schema: { type: 'string', format: 'uri' } },
        RateLimitLimit: { description: "Requests per 60 s window of the org's plan.", schema: { type: 'integer' } },
        RateLimitRemaining: { description: 'Requests left in the current window.', schema: { type: 'integer' } },
        RateLimitReset: { description: 'Seconds until the window ends.', schema: { type: 'integer' } },
        RateLimitPolicy: { description: '`<limit>;w=60` (draft-ietf-httpapi-ratelimit-headers).', schema: { type: 'string' } },
      },
      securitySchemes: {
        cognitoAccessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito access token from `POST /v1/auth/login` or `/v1/auth/refresh`. ID tokens are refused.' },
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'ak_…', description: 'An Argus API key. The requirement lists the key scopes the route accepts (any one suffices).' },
      },
    },
  };
}

function operation(route: RouteDef, spec: LoadedSpec): Operation {
  const success = successResponses[route.handler];
  if (!success) throw new Error(`infra/openapi/responses.ts: no success response for ${route.handler}`);
  const parameters = [...pathParameters(route, spec), ...queryParameters(spec)];
  if (spec.raw) parameters.push({ name: 'Stripe-Signature', in: 'header', required: true, description: "Stripe's signature of the raw body", schema: { type: 'string' } });
  const op: Operation = {
    operationId: route.handler,
    summary: success.summary,
    description: [describe(route), success.note].filter(Boolean).join('\n\n'),
    tags: [tagOf(route)],
    security: security(route),
    ...(parameters.length ? { parameters } : {}),
    ...requestBody(spec),
    responses: {
      [success.status]: spec.rpc
        ? { description: 'Success', headers: { ...REQUEST_ID, ...RATE_LIMIT_HEADERS } }
        : successResponse(route, success.status, success.schema ? components.get(success.schema)?.id : undefined),
      ...Object.fromEntries(
        [...errorStatuses(route, spec)].map(([status, whys]) => [status, { ...ref('responses', ERROR_RESPONSES[status].name), description: whys.join('; ') }]),
      ),
    },
    'x-argus-auth': route.auth,
    ...(route.scopes ? { 'x-argus-scopes': [...route.scopes] } : {}),
    ...(route.role ? { 'x-argus-role': route.role } : {}),
  };
  return spec.rpc ? withRpcBodies(op, spec.rpc) : op;
}

/** A Connect RPC route (CONTRACT §9): its bodies are protobuf messages (JSON or binary) and its errors Connect's body. */
function withRpcBodies(op: Operation, service: NonNullable<LoadedSpec['rpc']>): Operation {
  const parts = rpcOperationParts(service);
  // A body over 256 KiB is Connect's resource_exhausted (429), not a 413; `{method}` is not validated (unknown: 404).
  const tooLarge = (op.responses['413'] as Ref | undefined)?.description;
  const entries = Object.entries(op.responses)
    .filter(([status]) => status !== '413')
    .map(([status, response]): [string, ResponseObject | Ref] => {
      if (status === '429' && tooLarge) return [status, { ...(response as Ref), description: `${(response as Ref).description}; ${tooLarge} (as resource_exhausted)` }];
      if (status === '400') return [status, { ...(response as Ref), description: (response as Ref).description!.split('; ').filter((why) => !why.startsWith('validation_failed: path')).join('; ') }];
      return [status, response];
    });
  const responses = Object.fromEntries(
    entries.map(([status, response]) => {
      if (Number(status) < 300) return [status, { ...(response as ResponseObject), ...parts.success }];
      // The shared error responses carry the REST error body; RPC errors have Connect's, with the same why.
      const name = (response as Ref).$ref.split('/').pop()!;
      const headers = { ...REQUEST_ID, ...Object.values(ERROR_RESPONSES).find((r) => r.name === name)?.headers };
      return [status, { description: (response as Ref).description ?? name, headers, content: parts.errorContent }];
    }),
  );
  return { ...op, description: `${parts.description}\n\n${op.description}`, requestBody: parts.requestBody, responses };
}

/** OpenAPI's own way (3.1 allows role names on non-OAuth schemes) plus the `x-argus-*` extensions for tools that ignore it. */
function security(route: RouteDef): Array<Record<string, string[]>> {
  if (route.auth === 'none') return [];
  if (route.auth === 'jwt') return [{ cognitoAccessToken: [] }];
  return [{ cognitoAccessToken: [] }, { apiKey: [...(route.scopes ?? [])] }];
}

function describe(route: RouteDef): string {
  const lines = [AUTH_TEXT[route.auth]];
  if (route.scopes) lines.push(`API key scopes accepted: ${route.scopes.map((s) => `\`${s}\``).join(', ')} (any one).`);
  if (route.role) lines.push(`Org role: at least \`${route.role}\`${route.auth === 'jwt-or-key' ? ' for tokens; an org key acts on its own org only' : ''}.`);
  return lines.join(' ');
}

function successResponse(route: RouteDef, status: number, schemaId: string | undefined): ResponseObject {
  // Authenticated routes pass the tier rate limiter, which stamps its headers on every answer (not for the service key).
  const headers = { ...REQUEST_ID, ...(route.auth === 'none' ? {} : RATE_LIMIT_HEADERS) };
  if (status === 204) return { description: 'No content', headers };
  if (status === 302) return { description: 'Found: `Location` is a presigned URL (GET it without Argus credentials)', headers: { ...headers, Location: ref('headers', 'Location') } };
  if (!schemaId) throw new Error(`infra/openapi/responses.ts: the success schema of ${route.handler} is not registered`);
  return { description: 'Success', headers, content: { 'application/json': { schema: ref('schemas', schemaId) } } };
}

function pathParameters(route: RouteDef, spec: LoadedSpec): Parameter[] {
  // Handlers may validate only some path parameters (authorization already checked `{orgId}`); the rest are strings.
  const declared = spec.params ? objectProperties(requestJsonSchema(spec.params), 'params') : { properties: {}, required: [] };
  return [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name!,
    in: 'path' as const,
    required: true,
    schema: declared.properties[name!] ?? { type: 'string', minLength: 1 },
  }));
}

function queryParameters(spec: LoadedSpec): Parameter[] {
  if (!spec.query) return [];
  const { properties, required } = objectProperties(requestJsonSchema(spec.query), 'query');
  return Object.entries(properties).map(([name, schema]) => ({ name, in: 'query' as const, required: required.includes(name), schema }));
}

function requestBody(spec: LoadedSpec): Pick<Operation, 'requestBody'> {
  if (spec.raw) {
    const schema = { type: 'object', description: 'A Stripe event; its raw bytes are verified against `Stripe-Signature`.' };
    return { requestBody: { required: true, content: { 'application/json': { schema } } } };
  }
  if (!spec.body) return {};
  // An empty body reaches the schema as `undefined` (shared/http/body.ts), so "required" is whether the schema refuses that.
  return { requestBody: { required: !spec.body.safeParse(undefined).success, content: { 'application/json': { schema: requestJsonSchema(spec.body) } } } };
}

function objectProperties(schema: JsonSchema, where: string): { properties: Record<string, JsonSchema>; required: string[] } {
  if (schema.type !== 'object') throw new Error(`${where} schemas must be zod objects to become parameters`);
  return { properties: (schema.properties ?? {}) as Record<string, JsonSchema>, required: (schema.required ?? []) as string[] };
}

/** `/v1/orgs/{orgId}/api-keys/{keyId}` → `api-keys`; `/v1/orgs/{orgId}` → `orgs`; `/v1/auth/login` → `auth`. */
function tagOf(route: RouteDef): string {
  const segments = route.path.split('/').filter((s) => s && s !== 'v1');
  if (segments[0] === 'orgs' && segments.length > 2) return segments[2]!;
  return segments[0]!;
}

function errorBodyId(): string {
  const id = components.get(ErrorBody)?.id;
  if (!id) throw new Error('the error body schema is not registered');
  return id;
}

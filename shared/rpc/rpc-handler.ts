import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { fromBinary } from '@bufbuild/protobuf';
import type { DescService } from '@bufbuild/protobuf';
import { createConnectRouter, createContextKey, createContextValues, type HandlerContext, type Interceptor, type ServiceImpl } from '@connectrpc/connect';
import { z } from 'zod';
import { codeToHttpStatus, errorToJsonBytes } from '@connectrpc/connect/protocol-connect';
import type { UniversalHandler } from '@connectrpc/connect/protocol';
import { identityFromEvent, type Identity } from '../auth/identity';
import { ValidationError, NotFoundError } from '../errors';
import { authorizeRoute } from '../http/authorize';
import { MAX_BODY_BYTES, requestBytes } from '../http/body';
import { cors } from '../http/cors';
import { requestId } from '../http/middleware/request-id';
import type { ApiEvent, ApiResult, Context } from '../http/types';
import { logger } from '../logger';
import { rateLimit } from '../ratelimit/middleware';
import { toConnectError } from './connect-errors';

/** Who is calling (from the authorizer) and the request id, for the service implementations and the error mapper. */
export const CALLER = createContextKey<Identity>({ kind: 'anonymous' }, { description: 'argus caller' });
export const REQUEST_ID = createContextKey<string>('unknown', { description: 'argus request id' });

/** The caller of an RPC, as the authorizer proved it. */
export function caller(ctx: HandlerContext): Identity {
  return ctx.values.get(CALLER);
}

const BINARY = /^application\/proto\s*(;|$)/i;
/** Where the route table mounts the services: `/rpc/<package>.<Service>/<Method>`. */
export const RPC_PREFIX = '/rpc';

/**
 * Builds the Lambda of one Connect service (CONTRACT §9): `POST /rpc/<package>.<Service>/<Method>` behind the same
 * authorizer, rate limiter, CORS and request-id plumbing as the REST routes (shared/http/handler.ts). The Connect
 * protocol only (unary, JSON or binary protobuf): API Gateway HTTP APIs carry no HTTP/2 trailers, so gRPC is not
 * served. Binary bodies arrive base64-encoded (`isBase64Encoded`) and leave base64-encoded. Every refusal is a Connect
 * error (JSON body `{ code, message, details }`, with an `argus.errors.v1.ErrorInfo` detail), never the REST error body.
 */
export function rpcHandler<S extends DescService>(service: S, implementation: ServiceImpl<S>) {
  // Errors the implementations throw become Connect errors here, before the protocol layer would turn them into `unknown`.
  const mapErrors: Interceptor = (next) => async (req) => {
    try {
      return await next(req);
    } catch (error) {
      throw toConnectError(error, req.contextValues.get(REQUEST_ID));
    }
  };
  const router = createConnectRouter({ connect: true, grpc: false, grpcWeb: false, interceptors: [mapErrors], readMaxBytes: MAX_BODY_BYTES });
  router.service(service, implementation);
  const byPath = new Map<string, UniversalHandler>(router.handlers.map((h) => [`${RPC_PREFIX}${h.requestPath}`, h]));

  const base = async (event: ApiEvent, _context: Context): Promise<ApiResult> => {
    const identity = identityFromEvent(event);
    if (identity.kind === 'user') {
      const { assertSessionLive } = await import('../identity/sessions');
      await assertSessionLive(identity.userId, identity.session);
    }
    // The route's own rules (authenticated; a key with one of the route's scopes); each method then applies its REST twin's.
    await authorizeRoute(event, identity);
    // Authenticated use by a user counts toward dau/mau (one write per user per day and container, at most).
    if (identity.kind === 'user') await (await import('../analytics/mark-active')).markUserActive(identity.userId);
    const bytes = requestBytes(event);
    const handler = byPath.get(event.rawPath);
    if (!handler) throw new NotFoundError(`No such RPC: ${event.rawPath.slice(0, 200)}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
    assertReadable(handler, headers, bytes);
    // The whole body is at hand; a client's wrong content-length must not make the protocol layer wait or refuse it.
    headers.delete('content-length');
    const contextValues = createContextValues().set(CALLER, identity).set(REQUEST_ID, event.requestContext.requestId);
    const response = await handler({
      httpVersion: '1.1',
      method: event.requestContext.http.method,
      url: `https://${event.requestContext.domainName}${event.rawPath}`,
      header: headers,
      body: (async function* () {
        yield bytes;
      })(),
      signal: new AbortController().signal,
      contextValues,
    });
    const body = response.body ? await collect(response.body) : Buffer.alloc(0);
    const out: Record<string, string> = {};
    response.header?.forEach((value, name) => (out[name] = value));
    const binary = BINARY.test(out['content-type'] ?? '');
    return { statusCode: response.status, headers: out, body: body.toString(binary ? 'base64' : 'utf8'), isBase64Encoded: binary };
  };

  const handler = middy(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestId())
    .use(cors())
    .use(rateLimit())
    .use(connectErrorResponse());
  // For the OpenAPI generator (infra/openapi): the path's `{method}` and the service whose messages the bodies are.
  const spec = { params: z.object({ method: z.enum(service.methods.map((m) => m.name) as [string, ...string[]]) }) };
  return Object.assign(handler, { spec, rpc: service });
}

/**
 * Refusals the protocol layer would answer with a 5xx although the client is at fault: a body that is not protobuf
 * (Connect answers `internal` for it) and compressed bodies (`unimplemented`, 501). Unary bodies here are at most
 * 256 KiB, so compression buys nothing and is not accepted.
 */
function assertReadable(handler: UniversalHandler, headers: Headers, bytes: Uint8Array): void {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') {
    throw new ValidationError([{ path: 'content-encoding', message: 'Compressed requests are not accepted; send the message uncompressed' }]);
  }
  if (!BINARY.test(headers.get('content-type') ?? '')) return;
  try {
    fromBinary(handler.method.input, bytes);
  } catch {
    throw new ValidationError([{ path: 'body', message: `The body is not a ${handler.method.input.typeName} in the protobuf binary encoding` }]);
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** What the plumbing refuses before a method runs (credentials, scope, rate limit, body size) as a Connect error. */
function connectErrorResponse(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: async (request) => {
      const error = toConnectError(request.error, request.event.requestContext?.requestId ?? 'unknown');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      error.metadata.forEach((value, name) => (headers[name] = value));
      request.response = { statusCode: codeToHttpStatus(error.code), headers, body: Buffer.from(errorToJsonBytes(error, {})).toString('utf8') };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { credentialError } from '../../shared/auth/credential-problem';
import { readOutbox } from '../../shared/mail/outbox';
import { capacityMeter, resetCapacityMeter } from '../../shared/db/capacity-meter';
import { corsHeaders } from '../../shared/http/cors';
import { matchRoute } from '../../shared/http/route-match';
import type { ApiEvent, ApiResult } from '../../shared/http/types';
import { OPENAPI_PATH } from '../openapi/generate';
import { UNMATCHED_ROUTE_HANDLER } from '../routes';
import { buildApiEvent } from './api-event';
import { AuthorizerDenied, jwtAuthorizer, lambdaAuthorizer } from './authorizers';
import type { LocalEventBus } from './emulators/eventbridge';
import { pollerMeter } from './event-source';
import { invocationMeter, loadHandler } from './handlers';
import { lambdaContext } from './lambda-context';

/** API Gateway's own payload limit; the handlers enforce the contract's 256 KiB below it. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Local-only control endpoints by `METHOD /path`; they get the parsed JSON body (if any). */
export type LocalRoutes = Record<string, (body: unknown, url: URL) => Promise<unknown>>;

export interface ApiServerOptions {
  eventBus: LocalEventBus;
  /** Extra local-only endpoints (under `/_local/`) mounted by the stack, e.g. running a schedule now. */
  localRoutes?: LocalRoutes;
  /** The built console under `/console/` (console-server.ts). */
  serveConsole?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

/** Serves the route table the way API Gateway would: route match, authorizers, a v2 event per request, the handler's result. */
export function createApiServer(options: ApiServerOptions): Server {
  return createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      process.stderr.write(`local api: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (options.serveConsole && (await options.serveConsole(req, res, url))) return;
    const body = await readBody(req);
    if (body === undefined) return sendError(res, 413, 'payload_too_large', 'The request body is too large');
    if (url.pathname === '/_local/mail' && req.method === 'GET') {
      return sendJson(res, 200, { mail: await readOutbox(process.env.MAIL_OUTBOX_FILE ?? '', url.searchParams.get('to') ?? undefined) });
    }
    if (url.pathname === '/_local/events' && req.method === 'GET') {
      return sendJson(res, 200, { events: options.eventBus.list(url.searchParams.get('type') ?? undefined) });
    }
    // The committed OpenAPI document (npm run openapi), so local tools can point at the running stack.
    if (url.pathname === '/openapi.json' && req.method === 'GET') {
      const document = await readFile(OPENAPI_PATH);
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': randomUUID() });
      return void res.end(document);
    }
    if (url.pathname === '/_local/metrics') {
      if (req.method === 'DELETE') {
        invocationMeter.clear();
        resetCapacityMeter();
        Object.assign(pollerMeter, { receiveRequests: 0, deleteRequests: 0 });
      }
      return sendJson(res, 200, { invocations: Object.fromEntries(invocationMeter), dynamodb: { ...capacityMeter }, sqsPollers: { ...pollerMeter } });
    }
    const local = options.localRoutes?.[`${req.method} ${url.pathname}`];
    if (local) {
      try {
        return sendJson(res, 200, await local(body.length ? JSON.parse(body.toString('utf8')) : undefined, url));
      } catch (error) {
        return sendError(res, 400, 'validation_failed', (error as Error).message);
      }
    }

    const found = matchRoute(req.method ?? 'GET', url.pathname);
    const event = buildApiEvent(req, url, found.route ? found : { route: undefined }, body);
    if (!found.route) return send(res, await invoke(UNMATCHED_ROUTE_HANDLER, event));

    const route = found.route.def;
    try {
      if (route.auth === 'jwt') event.requestContext.authorizer = await jwtAuthorizer(event.headers.authorization);
      if (route.auth === 'jwt-or-key') event.requestContext.authorizer = await lambdaAuthorizer(event, route);
    } catch (error) {
      // What the runner answers itself carries CORS headers, as API Gateway's CORS support adds them to its own refusals.
      if (error instanceof AuthorizerDenied) return sendError(res, 401, 'unauthorized', credentialError(error.problem).message, event.requestContext.requestId, await corsHeaders(event.headers.origin));
      throw error;
    }
    return send(res, await invoke(route.handler, event));
  }
}

async function invoke(handler: string, event: ApiEvent): Promise<ApiResult & { requestId: string }> {
  const result = (await loadHandler(handler)(event, lambdaContext(handler))) as ApiResult;
  return { ...result, requestId: event.requestContext.requestId };
}

function send(res: ServerResponse, result: ApiResult & { requestId: string }): void {
  res.writeHead(result.statusCode ?? 200, { 'x-request-id': result.requestId, ...(result.headers ?? {}) });
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > GATEWAY_MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string = randomUUID(), headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'x-request-id': requestId });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string, requestId: string = randomUUID(), headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message, requestId } }, requestId, headers);
}

import http from 'node:http';
import type { Core } from './core';
import { API_VERSION } from './core';
import { StripeApiError, invalidRequest } from './errors';
import { applyExpand } from './expand';
import { decodeForm } from './form-decode';
import { newId } from './ids';
import { Params } from './params';
import type { Router } from './router';
import type { ControlRouter } from './control';
import { renderPage } from './pages';

const MAX_BODY = 1024 * 1024;
const MAX_IDEMPOTENCY_ENTRIES = 5000;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(invalidRequest('Request body too large.'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function checkAuth(req: http.IncomingMessage): void {
  const header = req.headers.authorization;
  if (!header) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').',
    );
  }
  let key = '';
  if (header.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString().split(':')[0];
  if (!/^(sk|rk)_test_\w+$/.test(key)) {
    const shown = key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${shown}`, 'api_key_invalid');
  }
}

/** The HTTP front: Stripe API under /v1, control endpoints under /_emulator, hosted pages elsewhere. */
export function createServer(core: Core, api: Router, control: ControlRouter): http.Server {
  const idempotency = new Map<string, { fingerprint: string; reply: Reply }>();

  async function handleApi(req: http.IncomingMessage, url: URL, raw: string): Promise<Reply> {
    const method = req.method ?? 'GET';
    core.apiRequests++;
    const requestId = `req_${newId('x').slice(2, 16)}`;
    const idemKey = method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) : undefined;
    const fingerprint = `${method} ${url.pathname} ${raw}`;
    if (idemKey) {
      const seen = idempotency.get(idemKey);
      if (seen && seen.fingerprint !== fingerprint) {
        throw new StripeApiError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
        );
      }
      if (seen) return { ...seen.reply, headers: { ...seen.reply.headers, 'idempotent-replayed': 'true' } };
    }
    let reply: Reply;
    try {
      checkAuth(req);
      const matched = api.match(method, url.pathname);
      if (!matched) {
        throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
      }
      const form = decodeForm(method === 'GET' || method === 'DELETE' ? url.search.slice(1) : raw);
      const params = new Params(form);
      const expand = params.strList('expand') ?? [];
      core.currentRequest = { id: requestId, idempotency_key: idemKey ?? null };
      const result = matched.handler({ core, params, path: matched.path });
      reply = { status: 200, body: applyExpand(core.store, result, expand) };
      if (method !== 'GET') core.store.save();
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      reply = { status: err.status, body: err.toBody(), headers: err.headers };
    } finally {
      core.currentRequest = null;
    }
    reply.headers = { ...reply.headers, 'request-id': requestId };
    if (idemKey && reply.status < 500 && reply.status !== 401) {
      if (idempotency.size >= MAX_IDEMPOTENCY_ENTRIES) idempotency.delete(idempotency.keys().next().value as string);
      idempotency.set(idemKey, { fingerprint, reply });
      reply.headers['idempotency-key'] = idemKey;
    }
    return reply;
  }

  async function route(req: http.IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/v1/')) return handleApi(req, url, raw);
    if (url.pathname.startsWith('/_emulator/')) {
      const result = await control.handle(core, req.method ?? 'GET', url, raw, req.headers['content-type'] ?? '');
      core.store.save();
      return result;
    }
    const page = renderPage(core, url.pathname);
    if (page) return { status: 200, body: page, headers: { 'content-type': 'text/html; charset=utf-8' } };
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } } };
  }

  return http.createServer((req, res) => {
    route(req)
      .catch((err: unknown): Reply => {
        if (err instanceof StripeApiError) return { status: err.status, body: err.toBody() };
        console.error('[stripe-emulator] internal error', err);
        return { status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred in the emulator.' } } };
      })
      .then((reply) => {
        const headers: Record<string, string> = { 'stripe-version': API_VERSION, ...reply.headers };
        if (reply.status === 303 && typeof reply.body === 'string') {
          res.writeHead(303, { ...headers, location: reply.body }).end();
          return;
        }
        const isHtml = typeof reply.body === 'string';
        const text = isHtml ? (reply.body as string) : JSON.stringify(reply.body, null, 2);
        if (!isHtml) headers['content-type'] = 'application/json';
        res.writeHead(reply.status, headers).end(text);
      });
  });
}

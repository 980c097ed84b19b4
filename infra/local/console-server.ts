import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type ConsoleConfig, consoleSecurityHeaders, HASHED_ASSETS_DIR, IMMUTABLE_CACHE, REVALIDATE_CACHE, SPA_ROUTE } from '../console/site-rules';
import { CONSOLE_BASE } from './console-build';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface ConsoleServerOptions {
  /** The built console (web/dist). */
  dist: string;
  /** What `GET /console/config.json` answers: the running stack's settings. */
  config: ConsoleConfig;
}

/**
 * Serves the built console under `/console/` on the local API's port: static files of web/dist with their content
 * types, hashed assets cached for good and everything else revalidated, the SPA fallback and security headers of
 * `site-rules.ts` (the same rules CloudFront applies), and `config.json` from the running stack.
 * Answers true when the request was the console's.
 */
export function consoleRequestHandler({ dist, config }: ConsoleServerOptions) {
  const security = consoleSecurityHeaders([new URL(config.apiUrl).origin]);
  const root = path.resolve(dist);

  return async function serveConsole(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== CONSOLE_BASE.slice(0, -1) && !url.pathname.startsWith(CONSOLE_BASE)) return false;
    const send = (status: number, headers: Record<string, string>, body?: Buffer | string): true => {
      res.writeHead(status, { ...security, 'x-request-id': randomUUID(), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    };
    const error = (status: number, code: string, message: string, extra: Record<string, string> = {}) =>
      send(status, { 'content-type': 'application/json', 'cache-control': REVALIDATE_CACHE, ...extra }, JSON.stringify({ error: { code, message, requestId: randomUUID() } }));

    if (req.method !== 'GET' && req.method !== 'HEAD') return error(405, 'method_not_allowed', 'The console is read with GET', { allow: 'GET, HEAD' });
    if (url.pathname === CONSOLE_BASE.slice(0, -1)) return send(308, { location: CONSOLE_BASE + url.search, 'cache-control': REVALIDATE_CACHE });

    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname.slice(CONSOLE_BASE.length));
    } catch {
      return error(400, 'validation_failed', 'The path is not valid URL encoding');
    }
    if (relative === 'config.json') return send(200, { 'content-type': 'application/json', 'cache-control': REVALIDATE_CACHE }, JSON.stringify(config));

    const file = path.resolve(root, relative || 'index.html');
    // Never outside dist (`..`, encoded or not), never its dot files (the build stamp).
    const inside = file.startsWith(root + path.sep) && !path.relative(root, file).split(path.sep).some((part) => part.startsWith('.'));
    const found = inside ? await readIfFile(file) : undefined;
    if (found) {
      const immutable = path.relative(root, file).split(path.sep).join('/').startsWith(HASHED_ASSETS_DIR);
      return send(200, { 'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE }, found);
    }
    if (SPA_ROUTE.test(url.pathname)) {
      const index = await readIfFile(path.join(root, 'index.html'));
      if (index) return send(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': REVALIDATE_CACHE }, index);
      return error(404, 'not_found', 'The console is not built: run `npm start` (it builds web/ when web/dist is missing)');
    }
    return error(404, 'not_found', 'No such file in the console');
  };
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

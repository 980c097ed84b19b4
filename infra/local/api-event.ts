import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { CompiledRoute } from '../../shared/http/route-match';
import type { ApiEvent } from '../../shared/http/types';

/**
 * The request bodies an HTTP API (payload 2.0) hands a Lambda as text; every other body, a missing content type and
 * form posts included, arrives base64-encoded with `isBase64Encoded: true` (binary protobuf of the Connect RPC routes:
 * `application/proto`). HTTP APIs have no binary-media-types setting; this split is what AWS does.
 */
export const TEXT_TYPES = /^(application\/(json|xml|javascript)|text\/)/i;

/** What the event is for: a route of the table (with the path's match) or API Gateway's `$default` catch-all. */
export type EventTarget = { route: CompiledRoute; match: RegExpExecArray } | { route: undefined };

/** Builds the API Gateway HTTP API (payload 2.0) event a Lambda integration receives for this request. */
export function buildApiEvent(req: IncomingMessage, url: URL, target: EventTarget, body: Buffer): ApiEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const route = target.route;
  const pathParameters = route ? Object.fromEntries(route.params.map((name, i) => [name, decodePathSegment(target.match[i + 1]!)])) : {};
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const routeKey = route?.routeKey ?? '$default';
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: route?.params.length ? pathParameters : undefined,
    body: body.length ? body.toString(isText ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: sourceIp(req), userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

/** API Gateway decodes path parameters; a malformed escape stays as sent (the route's validation answers it), never a crash. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The client address API Gateway would report: the socket's peer. The one exception, for tests that must act as many
 * clients (per-IP limits): a request whose peer is this machine's loopback may name its address in `X-Forwarded-For`.
 * Only a process on this machine can send from loopback, and API Gateway never honours the header, so this cannot
 * be used to pick an address on AWS.
 */
export function sourceIp(req: IncomingMessage): string {
  const peer = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  if (peer !== '127.0.0.1' && peer !== '::1') return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim();
  return isIP(forwarded) ? forwarded : peer;
}

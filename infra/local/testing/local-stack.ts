import { randomInt } from 'node:crypto';
import { readLocalJson, type LocalStackInfo } from '../state';

/**
 * This test file's client address (RFC 2544's benchmarking range). The local runner takes `X-Forwarded-For` from
 * loopback peers only (api-event.ts), so each test file acts as its own client machine for the per-IP limits of
 * anonymous routes, instead of every test in the suite sharing 127.0.0.1's budget. A test may name its own address.
 */
export const TEST_CLIENT_IP = `198.18.${randomInt(256)}.${randomInt(1, 255)}`;

/** The running local stack (integration tests: the one Jest's global setup started). */
export function localStack(): LocalStackInfo {
  return readLocalJson();
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiRequest {
  method?: string;
  body?: unknown;
  /** Raw body text, sent as is (for malformed-JSON and signature tests). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** Calls the local API over a real socket and parses the JSON answer. */
export async function api<T = any>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'x-forwarded-for': TEST_CLIENT_IP, ...(request.headers ?? {}) };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let body: string | undefined = request.rawBody;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${localStack().apiUrl}${path}`, { method: request.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text so a test can show it
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Retries `probe` until it returns a value that passes `done`, or fails with the last value seen. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  return last;
}

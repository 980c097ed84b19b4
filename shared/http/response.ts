import type { ApiResult } from './types';

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  if (body === undefined) return { statusCode: status, headers: { ...headers }, body: '' };
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

import { API_KEY_PREFIX } from './api-key-secret';
import type { KeyOrUserContext } from './identity';
import { verifyAccessToken } from './verify-access-token';

/** The caller behind an `Authorization` header, or `none` when the header proves nothing. */
export type ResolvedCaller = KeyOrUserContext | { principal: 'none' };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Resolves a Cognito access token to a user and an API key (`ak_…`) to its key by hash (unknown or revoked: none). */
export async function resolveCaller(authorization: string | undefined): Promise<ResolvedCaller> {
  const token = bearerToken(authorization);
  if (!token) return { principal: 'none' };
  if (token.startsWith(API_KEY_PREFIX)) {
    // Loaded on first use so the token path (and its unit tests) need no table.
    const { resolveApiKey } = await import('./resolve-api-key');
    return (await resolveApiKey(token)) ?? { principal: 'none' };
  }
  try {
    const claims = await verifyAccessToken(token);
    return {
      principal: 'user',
      userId: claims.sub,
      username: claims.username,
      // Context values must be strings (API Gateway passes only primitives).
      ...(claims.originJti ? { originJti: claims.originJti } : {}),
      ...(claims.authTime ? { authTime: String(claims.authTime) } : {}),
    };
  } catch {
    return { principal: 'none' };
  }
}

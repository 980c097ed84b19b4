import type { KeyOrUserContext } from './identity';
import { verifyAccessToken } from './verify-access-token';

/** The caller behind an `Authorization` header, or `none` when the header proves nothing. */
export type ResolvedCaller = KeyOrUserContext | { principal: 'none' };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Resolves a Cognito access token to a user; API keys (`ak_…`) are resolved by the key store. */
export async function resolveCaller(authorization: string | undefined): Promise<ResolvedCaller> {
  const token = bearerToken(authorization);
  if (!token || token.startsWith('ak_')) return { principal: 'none' };
  try {
    const claims = await verifyAccessToken(token);
    return { principal: 'user', userId: claims.sub, username: claims.username };
  } catch {
    return { principal: 'none' };
  }
}

import { readBearer, type CredentialProblem } from './credential-problem';
import type { KeyOrUserContext } from './identity';
import { tokenProblem, verifyAccessToken } from './verify-access-token';

/** The caller behind an `Authorization` header, or `none` with the reason the header proves nothing. */
export type ResolvedCaller = KeyOrUserContext | { principal: 'none'; problem: CredentialProblem };

/**
 * Resolves a Cognito access token to a user and an API key (`ak_…`) to its key by hash. Junk (no Bearer scheme, neither
 * a JWT's nor a key's shape) is refused before any lookup or signature check, so it costs no table read or JWKS fetch.
 */
export async function resolveCaller(authorization: string | undefined): Promise<ResolvedCaller> {
  const credential = readBearer(authorization);
  if (credential.kind === 'problem') return { principal: 'none', problem: credential.problem };
  if (credential.kind === 'key') {
    // Loaded on first use so the token path (and its unit tests) need no table.
    const { resolveApiKey } = await import('./resolve-api-key');
    return (await resolveApiKey(credential.token)) ?? { principal: 'none', problem: 'invalid_key' };
  }
  try {
    const claims = await verifyAccessToken(credential.token);
    return {
      principal: 'user',
      userId: claims.sub,
      username: claims.username,
      // Context values must be strings (API Gateway passes only primitives).
      ...(claims.originJti ? { originJti: claims.originJti } : {}),
      ...(claims.authTime ? { authTime: String(claims.authTime) } : {}),
    };
  } catch (error) {
    return { principal: 'none', problem: tokenProblem(error) };
  }
}

import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError, JwtParseError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { z } from 'zod';
import { readConfig } from '../config';
import type { CredentialProblem } from './credential-problem';
import { sessionClaims } from './identity';

const config = readConfig({ COGNITO_ISSUER: z.url(), USER_POOL_CLIENT_ID: z.string().min(1) });

export interface AccessTokenClaims {
  sub: string;
  username: string;
  scope: string;
  originJti?: string;
  authTime?: number;
  /** When the token expires (epoch seconds). */
  expiresAt: number;
}

// cognito-local serves its JWKS over plain http; aws-jwt-verify's own fetcher insists on https, so local gets a fetch-based one.
const jwksCache = config.COGNITO_ISSUER.startsWith('http://')
  ? new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } })
  : undefined;

const verifier = JwtVerifier.create(
  {
    issuer: config.COGNITO_ISSUER,
    jwksUri: `${config.COGNITO_ISSUER}/.well-known/jwks.json`,
    // Cognito access tokens carry `client_id`, not `aud`; ID tokens (which carry `aud`) are refused by the token_use check.
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use === 'id') throw new IdTokenError();
      if (payload.token_use !== 'access') throw new Error('not an access token');
      if (payload.client_id !== config.USER_POOL_CLIENT_ID) throw new Error('token is for another client');
    },
  },
  jwksCache ? { jwksCache } : undefined,
);

/** A genuine, unexpired ID token of our pool: refused on the API, but worth telling the caller why. */
class IdTokenError extends Error {}

/**
 * Which credential problem a verification failure is. Expiry and token use are judged only after the signature
 * checked out (aws-jwt-verify's order), so a forger learns nothing from the difference.
 */
export function tokenProblem(error: unknown): CredentialProblem {
  if (error instanceof JwtExpiredError) return 'expired';
  if (error instanceof IdTokenError) return 'id_token';
  if (error instanceof JwtParseError) return 'malformed';
  return 'invalid_token';
}

/** Verifies a Cognito access token (signature, issuer, expiry, client, token use); throws on anything else. */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims> {
  const payload = await verifier.verify(token);
  return {
    sub: String(payload.sub),
    username: String(payload.username ?? payload.sub),
    scope: String(payload.scope ?? ''),
    expiresAt: Number(payload.exp),
    ...sessionClaims(payload.origin_jti, payload.auth_time),
  };
}

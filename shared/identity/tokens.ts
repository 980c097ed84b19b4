import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';

export interface Tokens {
  accessToken: string;
  idToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  name: z.string().optional(),
  exp: z.number().optional(),
  origin_jti: z.string().optional(),
  auth_time: z.number().optional(),
});
export type TokenClaims = z.infer<typeof claimsSchema>;

/**
 * Reads a token's payload WITHOUT verifying it: only for tokens this process just received from Cognito over TLS.
 * Never use it on a token a client sent (shared/auth/verify-access-token.ts is for those).
 */
export function trustedClaims(token: string): TokenClaims {
  const payload = token.split('.')[1] ?? '';
  return claimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
}

/** The contract's token body. Some Cognito flows (and cognito-local) omit ExpiresIn; the access token's `exp` tells it then. */
export function toTokens(result: AuthenticationResultType | undefined): Tokens {
  if (!result?.AccessToken || !result.IdToken) throw new Error('Cognito returned no tokens (an unexpected auth challenge?)');
  const exp = trustedClaims(result.AccessToken).exp;
  const expiresIn = result.ExpiresIn ?? (exp ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 3600);
  return { accessToken: result.AccessToken, idToken: result.IdToken, expiresIn, tokenType: 'Bearer' };
}

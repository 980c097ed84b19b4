import { UnauthorizedError } from '../errors';
import { API_KEY_PREFIX } from './api-key-secret';

/**
 * Why a request's credentials prove nothing (CONTRACT §1: the 401 says which kind of problem). `invalid_key` covers an
 * unknown and a revoked key alike, so the answer never reveals whether a key existed.
 */
export type CredentialProblem = 'missing' | 'not_bearer' | 'malformed' | 'expired' | 'id_token' | 'invalid_token' | 'invalid_key' | 'key_not_accepted';

const MESSAGES: Record<CredentialProblem, string> = {
  missing: 'Authentication is required: send an Authorization header with a Bearer access token or API key',
  not_bearer: 'The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>"',
  malformed: 'The bearer credential is malformed: it is neither a signed access token (JWT) nor an Argus API key (ak_…)',
  expired: 'The access token has expired: refresh it (POST /v1/auth/refresh) or sign in again',
  id_token: 'An ID token was sent: send the access token instead',
  invalid_token: 'The access token is not valid (its signature, issuer or client does not check out)',
  invalid_key: 'The API key is not valid: it is unknown or has been revoked',
  key_not_accepted: "This route needs a signed-in user's access token; API keys are not accepted here",
};

export const CREDENTIAL_PROBLEMS = Object.keys(MESSAGES) as CredentialProblem[];

export function isCredentialProblem(value: unknown): value is CredentialProblem {
  return typeof value === 'string' && value in MESSAGES;
}

/** The contract's 401 for a credential problem (code `unauthorized`, the message naming the problem). */
export function credentialError(problem: CredentialProblem = 'missing'): UnauthorizedError {
  return new UnauthorizedError(MESSAGES[problem]);
}

/** What an Authorization header carries, judged by its shape alone (no lookups, no crypto): cheap to refuse junk. */
export type BearerCredential = { kind: 'key' | 'jwt'; token: string } | { kind: 'problem'; problem: CredentialProblem };

/** Longest credential looked at: Cognito access tokens are ~1 KiB (more with many groups); keys are 46 characters. */
const MAX_CREDENTIAL_LENGTH = 8 * 1024;
const KEY_SHAPE = /^ak_[A-Za-z0-9_-]{20,200}$/;
// Signed: an unsigned (`alg: none`) token has an empty third part and is refused here already.
const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/;

export function readBearer(header: string | undefined): BearerCredential {
  if (header === undefined || header.trim() === '') return { kind: 'problem', problem: 'missing' };
  const match = /^(\S+)(?:\s+(.*))?$/s.exec(header.trim());
  if (!match || match[1]!.toLowerCase() !== 'bearer') return { kind: 'problem', problem: 'not_bearer' };
  const token = (match[2] ?? '').trim();
  if (token.length === 0 || token.length > MAX_CREDENTIAL_LENGTH) return { kind: 'problem', problem: 'malformed' };
  if (token.startsWith(API_KEY_PREFIX)) return KEY_SHAPE.test(token) ? { kind: 'key', token } : { kind: 'problem', problem: 'malformed' };
  return JWT_SHAPE.test(token) ? { kind: 'jwt', token } : { kind: 'problem', problem: 'malformed' };
}

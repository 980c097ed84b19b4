import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'ak_';

/** `ak_` + 32 random bytes (base64url, 43 characters): 256 bits, so a hash lookup needs no salt or slow KDF. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What the table stores instead of the key: its SHA-256, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part shown in lists so people can tell keys apart: `ak_` and the first 8 characters. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}

import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../state';

/**
 * Token forgery for attack tests. cognito-local signs every token with one well-known key shipped in its package, so
 * tests can mint tokens that differ from a real one in exactly one way (issuer, client, expiry, token use…).
 */
export const COGNITO_LOCAL_KID = 'CognitoLocal';

export function cognitoLocalPrivateKey(): string {
  const file = path.join(REPO_ROOT, 'node_modules', 'cognito-local', 'lib', 'keys', 'cognitoLocal.private.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { pem: string }).pem;
}

export function otherPrivateKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | KeyObject): string {
  const body = `${b64({ typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid: COGNITO_LOCAL_KID })}.${b64(payload)}.`;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

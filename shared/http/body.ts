import { InvalidJsonError, PayloadTooLargeError } from '../errors';
import type { ApiEvent } from './types';

export const MAX_BODY_BYTES = 256 * 1024;

/** The body's bytes exactly as the client sent them (API Gateway may have base64-encoded them), refusing anything over 256 KiB. */
export function requestBytes(event: ApiEvent): Buffer {
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  return bytes;
}

/** The body as text, exactly as the client sent it, refusing anything over 256 KiB. */
export function rawBody(event: ApiEvent): string {
  return requestBytes(event).toString('utf8');
}

/** Parses a JSON body; an empty body reads as `undefined` so the schema decides whether that is allowed. */
export function jsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidJsonError();
  }
}

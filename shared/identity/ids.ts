import { randomBytes } from 'node:crypto';

/** Opaque, unguessable ids with a type prefix (`org_…`, `key_…`), so a leaked id says what it is and nothing more. */
export function newId(prefix: 'org' | 'key' | 'inv'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

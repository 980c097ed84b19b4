import { createHash } from 'node:crypto';

/** A hold's id, derived from (org, the caller's id): a repeated reserve finds its hold; commit and release need only this. */
export function holdIdFor(orgId: string, id: string): string {
  return `hold_${createHash('sha256').update(`${orgId}\n${id}`).digest('base64url').slice(0, 32)}`;
}

import type { Member } from '../../../shared/client/argus-client';
import { api } from '../api';

/**
 * Every item of a paginated list (CONTRACT §1), page by page (100 at a time), for lists bounded by the contract's
 * limits (100 active keys, an org's members) that a page shows whole.
 */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Every member of an org (to name who created a key or acted in the audit log). */
export function allMembers(orgId: string): Promise<Member[]> {
  return allPages((cursor) => api().client.listMembers(orgId, { limit: 100, cursor }).then((p) => ({ items: p.members, nextCursor: p.nextCursor })));
}

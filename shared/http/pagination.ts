import { z } from 'zod';
import { ValidationError } from '../errors';

/**
 * List pagination (CONTRACT §1): `?limit=` (1–100, default 50) and an opaque `?cursor=`. A cursor carries the sort key
 * of the last item served, so the next page starts right after it without reading what came before. Cursors are
 * base64url JSON with a version, so their shape can change without breaking old links silently.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().min(1).max(1024).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

const cursorBody = z.object({ v: z.literal(1), after: z.string().min(1).max(512) });

export function encodeCursor(after: string | null): string | null {
  return after === null ? null : Buffer.from(JSON.stringify({ v: 1, after }), 'utf8').toString('base64url');
}

/**
 * The sort key a cursor resumes after. `prefix` is the sort-key prefix of the list it must belong to: a cursor of
 * another list, a tampered one or garbage is refused with 400 (never reaches the table).
 */
export function decodeCursor(cursor: string | undefined, prefix: string): string | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this list issued' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = cursorBody.safeParse(parsed);
  if (!result.success || !result.data.after.startsWith(prefix) || result.data.after.length === prefix.length) throw invalid();
  return result.data.after;
}

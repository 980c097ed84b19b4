import { z } from 'zod';
import { ValidationError } from '../errors';

/**
 * List pagination (CONTRACT §1 Lists): `?limit=` 1–100 (default 50) and an opaque `?cursor=`; answers carry
 * `nextCursor` (null at the end). A cursor is base64url JSON of the last item's sort position, so it stays valid
 * while items are added, and a cursor that does not decode is a 400 rather than a silent first page.
 */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor holds, checked against `schema`; anything else is a 400 on `query.cursor`. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ValidationError([{ path: 'query.cursor', message: 'cursor is not one this list handed out' }]);
  return parsed.data;
}

/**
 * One page of `items`, already sorted in list order: those after the cursor's position (`after` says whether an item
 * lies past it), at most `limit`, and the cursor of the next page when more remain.
 */
export function pageOf<T, P>(items: T[], query: PageQuery, positionSchema: z.ZodType<P>, positionOf: (item: T) => P, after: (item: T, position: P) => boolean) {
  const start = query.cursor === undefined ? 0 : indexAfter(items, decodeCursor(query.cursor, positionSchema), after);
  const page = items.slice(start, start + query.limit);
  const more = start + query.limit < items.length;
  return { items: page, nextCursor: more && page.length ? encodeCursor(positionOf(page[page.length - 1])) : null };
}

function indexAfter<T, P>(items: T[], position: P, after: (item: T, position: P) => boolean): number {
  const i = items.findIndex((item) => after(item, position));
  return i === -1 ? items.length : i;
}

import fc from 'fast-check';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { encodeCursor, pageOf, pageQuery } from './pagination';

const position = z.number().int();
const pages = (items: number[], limit: number) => {
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const page = pageOf(items, pageQuery.parse({ limit: String(limit), cursor }), position, (n) => n, (n, p) => n < p);
    seen.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
};

describe('list pagination', () => {
  it('walks a descending list page by page: every item once, in order (fast-check)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 100 }), (raw, limit) => {
        const items = [...raw].sort((a, b) => b - a);
        expect(pages(items, limit)).toEqual(items);
      }),
    );
  });

  it('defaults to 50, bounds the limit to 1-100 and refuses a cursor it did not hand out', () => {
    expect(pageQuery.parse({})).toEqual({ limit: 50 });
    for (const limit of ['0', '101', '1.5', 'x']) expect(pageQuery.safeParse({ limit }).success).toBe(false);
    const query = (cursor: string) => pageQuery.parse({ cursor });
    for (const bad of ['nope', encodeCursor('a string'), Buffer.from('{').toString('base64url')]) {
      expect(() => pageOf([3, 2, 1], query(bad), position, (n) => n, (n, p) => n < p)).toThrow(ValidationError);
    }
    expect(pageOf([3, 2, 1], pageQuery.parse({ limit: '3' }), position, (n) => n, (n, p) => n < p).nextCursor).toBeNull();
  });
});

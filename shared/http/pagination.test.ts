import { decodeCursor, encodeCursor, pageQuerySchema } from './pagination';

describe('list cursors', () => {
  it('round-trip the sort key they carry and end with null', () => {
    expect(decodeCursor(encodeCursor('MEMBER#usr_1')!, 'MEMBER#')).toBe('MEMBER#usr_1');
    expect(encodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined, 'MEMBER#')).toBeUndefined();
  });

  it.each([
    ['garbage', 'not a cursor!!'],
    ['JSON that is not a cursor', Buffer.from('{"x":1}').toString('base64url')],
    ['another version', Buffer.from('{"v":2,"after":"MEMBER#a"}').toString('base64url')],
    ["another list's cursor", encodeCursor('LICENSE#lic_1')!],
    ['the bare prefix', encodeCursor('MEMBER#')!],
  ])('refuse %s with 400 validation_failed on query.cursor', (_, cursor) => {
    expect(() => decodeCursor(cursor, 'MEMBER#')).toThrow(expect.objectContaining({ statusCode: 400, code: 'validation_failed', details: [{ path: 'query.cursor', message: expect.any(String) }] }));
  });

  it('limit defaults to 50 and must be 1–100', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(pageQuerySchema.parse({ limit: '100', cursor: 'c' })).toEqual({ limit: 100, cursor: 'c' });
    for (const limit of ['0', '101', '1.5', 'ten', '']) expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
  });
});

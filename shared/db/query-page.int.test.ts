import '../../infra/local/testing/local-env';
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { capacityMeter, resetCapacityMeter } from './capacity-meter';
import { ddb, tableName } from './client';
import { queryPage } from './query-page';

/** Writes `ids` under a fresh partition as `ITEM#<id>` (plus items of another prefix around them); `skip` marks some. */
async function seed(ids: string[], skipped: Set<string>): Promise<string> {
  const partition = `PAGETEST#${randomUUID()}`;
  const items = [
    ...ids.map((id) => ({ PK: partition, SK: `ITEM#${id}`, id, skip: skipped.has(id) })),
    { PK: partition, SK: 'AAA', id: 'before' },
    { PK: partition, SK: 'ZZZ', id: 'after' },
  ];
  const batches = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await Promise.all(batches.map((batch) => ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) } }))));
  return partition;
}

async function readAll(partition: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await queryPage({ partition, prefix: 'ITEM#', after, limit, keep: (item) => !item.skip, consistent: true });
    pages.push(page.items.map((item) => String(item.id)));
    after = page.after ?? undefined;
  } while (after);
  return pages;
}

describe('queryPage against DynamoDB Local', () => {
  it('pages through exactly the kept items of the prefix, in key order, full pages then the rest (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), { maxLength: 40 }),
        fc.func(fc.boolean()),
        fc.integer({ min: 1, max: 7 }),
        async (ids, skipOf, limit) => {
          const skipped = new Set(ids.filter((id) => skipOf(id)));
          const partition = await seed(ids, skipped);
          const expected = ids.filter((id) => !skipped.has(id)).sort((a, b) => (`ITEM#${a}` < `ITEM#${b}` ? -1 : 1));
          const pages = await readAll(partition, limit);
          expect(pages.flat()).toEqual(expected);
          // Every page but the last is full; the last is non-empty unless the whole list is.
          pages.slice(0, -1).forEach((p) => expect(p).toHaveLength(limit));
          if (expected.length > 0) expect(pages[pages.length - 1].length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('resumes after a cursor whose item was deleted meanwhile', async () => {
    const partition = await seed(['a', 'b', 'c', 'd'], new Set());
    const first = await queryPage({ partition, prefix: 'ITEM#', limit: 2, consistent: true });
    expect(first.items.map((i) => i.id)).toEqual(['a', 'b']);
    await ddb.send(new DeleteCommand({ TableName: tableName, Key: { PK: partition, SK: 'ITEM#b' } }));
    const second = await queryPage({ partition, prefix: 'ITEM#', after: first.after!, limit: 2, consistent: true });
    expect({ ids: second.items.map((i) => i.id), after: second.after }).toEqual({ ids: ['c', 'd'], after: null });
  });

  it('reads one page, not the whole list: one request and a page-sized read for 10 of 400 items', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => String(i).padStart(4, '0'));
    const partition = await seed(ids, new Set());
    resetCapacityMeter();
    const page = await queryPage({ partition, prefix: 'ITEM#', limit: 10, consistent: true });
    expect(page.items).toHaveLength(10);
    expect(capacityMeter.requests).toBe(1);
    // 12 small items (~60 bytes each) fit in one 4 KB read unit; the whole list is several.
    expect(capacityMeter.readUnits).toBeLessThanOrEqual(1);
  });
});

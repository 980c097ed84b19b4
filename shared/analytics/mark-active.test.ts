import fc from 'fast-check';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

process.env.TABLE_NAME ??= 'argus-unit';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ddb } = require('../db/client') as typeof import('../db/client');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { markUserActive, resetActiveMarks } = require('./mark-active') as typeof import('./mark-active');

const DAY = 86_400_000;
const START = Date.parse('2026-12-01T00:00:00Z');

/** The request path's cost bound: one container writes at most one marker per user per UTC day, whatever the traffic. */
describe('markUserActive', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes once per (user, UTC day) over any sequence of requests, and only conditionally', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('u1', 'u2', 'u3', 'u4'), fc.integer({ min: 0, max: 3 * DAY })), { maxLength: 60 }), async (requests) => {
        resetActiveMarks();
        const writes: { PK: string; SK: string; condition: string }[] = [];
        jest.spyOn(ddb, 'send').mockImplementation(async (command: any) => {
          writes.push({ PK: command.input.Item.PK, SK: command.input.Item.SK, condition: command.input.ConditionExpression });
          return {};
        });
        // One container's clock only moves forward.
        const ordered = [...requests].sort((a, b) => a[1] - b[1]);
        for (const [user, at] of ordered) await markUserActive(user, new Date(START + at));
        const distinct = new Set(ordered.map(([user, at]) => `${user}@${new Date(START + at).toISOString().slice(0, 10)}`));
        expect(writes).toHaveLength(distinct.size);
        expect(new Set(writes.map((w) => `${w.PK}|${w.SK}`)).size).toBe(distinct.size);
        for (const w of writes) expect(w).toEqual({ PK: expect.stringMatching(/^ANLACTIVE#2026-12-0[1-4]#\d$/), SK: expect.stringMatching(/^user:u\d$/), condition: 'attribute_not_exists(PK)' });
        jest.restoreAllMocks();
      }),
      { numRuns: 100 },
    );
  });

  it('an existing marker is not an error; a failed write is retried by the next request and never thrown', async () => {
    resetActiveMarks();
    const now = new Date(START);
    const send = (jest.spyOn(ddb, 'send') as unknown as jest.Mock).mockRejectedValueOnce(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    expect(await markUserActive('u1', now)).toBe(false);
    expect(await markUserActive('u1', now)).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
    send.mockRejectedValueOnce(new Error('throttled'));
    expect(await markUserActive('u2', now)).toBe(false);
    send.mockResolvedValueOnce({});
    expect(await markUserActive('u2', now)).toBe(true);
    expect(send).toHaveBeenCalledTimes(3);
  });
});

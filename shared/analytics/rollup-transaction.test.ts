import './testing/unit-env';
import fc from 'fast-check';
import { analyticsQuerySchema, queryRange } from './analytics-query';
import { mergeRollups } from './read-analytics';
import { analyticsTransaction, chunkForTransactions, MAX_TRANSACTION_ITEMS, transactionSize, type QueuedEvent } from './rollup-transaction';
import { validateTelemetryEvent } from './validate-event';

const now = new Date('2026-12-02T12:00:00Z');
const queued = fc.record({
  orgId: fc.constantFrom('org_a', 'org_b'),
  event: fc.record({
    id: fc.uuid(),
    eventType: fc.constantFrom('command', 'error', 'llm_call'),
    timestamp: fc.constantFrom('2026-12-01T10:00:00.000Z', '2026-12-02T10:00:00.000Z'),
    commandName: fc.option(fc.constantFrom('deploy', 'a#b'), { nil: undefined }),
    agentId: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
    executionTimeMs: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
  }),
  source: fc.constant('m1'),
  actor: fc.option(fc.constantFrom('user:u1', 'user:u2'), { nil: null }),
}) as fc.Arbitrary<QueuedEvent>;

describe('analytics transactions', () => {
  it('chunks any events into transactions of at most 100 items that together hold every event once (property)', () => {
    fc.assert(
      fc.property(fc.array(queued, { maxLength: 600 }), (events) => {
        const chunks = chunkForTransactions(events);
        for (const chunk of chunks) {
          expect(transactionSize(chunk)).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
          expect(analyticsTransaction(chunk, now).items.length).toBe(transactionSize(chunk));
        }
        expect(chunks.flat().length).toBe(events.length);
        expect(new Set(chunks.flat())).toEqual(new Set(events));
      }),
      { numRuns: 50 },
    );
  });

  it('writes each dedupe record conditionally, with the message that counted it', () => {
    const tx = analyticsTransaction([{ orgId: 'org_a', event: { id: 'e1', eventType: 'command', timestamp: '2026-12-01T10:00:00.000Z', executionTimeMs: 10 }, source: 'm7', actor: 'user:u1' }], now);
    expect(tx.roles.map((r) => r.kind)).toEqual(['dedupe', 'rollup', 'active']);
    expect(tx.items[0]).toMatchObject({ Put: { Item: { PK: 'ANLEVT#org_a#e1', source: 'm7' }, ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now' } });
    expect((tx.items[1] as { Update: { UpdateExpression: string } }).Update.UpdateExpression).toMatch(/ADD #count :count, #errors :errors, #tokens :tokens, #l0 :l0$/);
  });
});

describe('telemetry validation and queries', () => {
  it('refuses bad events one by one with a reason, and timestamps outside the window', () => {
    expect(validateTelemetryEvent({ id: 'a', eventType: 'x', timestamp: '2026-12-02T11:00:00+01:00' }, now)).toMatchObject({ ok: true, event: { timestamp: '2026-12-02T10:00:00.000Z' } });
    expect(validateTelemetryEvent({ id: 'a', eventType: 'x' }, now)).toMatchObject({ ok: false, id: 'a', error: 'invalid_event' });
    expect(validateTelemetryEvent({ id: 'a', eventType: 'x', timestamp: '2026-10-01T00:00:00Z' }, now)).toMatchObject({ ok: false, error: 'timestamp_out_of_window' });
    expect(validateTelemetryEvent({ id: 'a', eventType: 'x', timestamp: '2026-12-02T10:00:00Z', executionTimeMs: -1 }, now)).toMatchObject({ ok: false, error: 'invalid_event' });
    expect(validateTelemetryEvent({ id: 'a', eventType: 'x', timestamp: '2026-12-02T10:00:00Z', metadata: { big: 'x'.repeat(9000) } }, now)).toMatchObject({ ok: false, error: 'invalid_event' });
  });

  it('defaults to the 30 days ending today and refuses reversed or over-long ranges', () => {
    expect(queryRange(analyticsQuerySchema.parse({}), now)).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(analyticsQuerySchema.parse({}).groupBy).toBe('eventType');
    expect(analyticsQuerySchema.safeParse({ from: '2026-12-02', to: '2026-12-01' }).success).toBe(false);
    expect(analyticsQuerySchema.safeParse({ from: '2025-01-01', to: '2026-12-01' }).success).toBe(false);
    expect(analyticsQuerySchema.safeParse({ groupBy: 'org' }).success).toBe(false);
  });

  it('merges rollups per group, keys in order with null last', () => {
    const r = (day: string, commandName: string | null, count: number) => ({ day, eventType: 'command', commandName, agentId: null, count, errors: 1, tokens: 2, latency: { '100': count } });
    const rows = mergeRollups([r('2026-12-01', 'b', 2), r('2026-12-02', 'b', 3), r('2026-12-01', null, 1), r('2026-12-01', 'a', 1)], 'commandName');
    expect(rows.map((x) => [x.key, x.count, x.errors, x.tokens])).toEqual([['a', 1, 1, 2], ['b', 5, 2, 4], [null, 1, 1, 2]]);
    expect(mergeRollups([r('2026-12-01', 'b', 2), r('2026-12-02', 'b', 3)], 'day').map((x) => x.key)).toEqual(['2026-12-01', '2026-12-02']);
  });
});

import type { Org } from '../db/orgs';
import { chunkForTransactions, groupEvents, type PlacedEvent } from './group-events';

const org = (id: string, extra: Partial<Org> = {}): Org => ({ id, name: id, slug: id, planId: 'explorer', createdAt: '2026-01-01T00:00:00Z', ...extra });
const event = (id: string, orgId: string, metric: 'api_calls' | 'storage_gb', timestamp: string) => ({ id, orgId, metric, quantity: 1, timestamp });

describe('grouping usage events', () => {
  it('groups by (org, metric, period), each event in the period of its own timestamp, ids once per org', () => {
    const a = org('a');
    const b = org('b', { planId: 'business', billingAnchor: '2026-01-15T00:00:00.000Z' });
    const groups = groupEvents([
      { event: event('1', 'a', 'api_calls', '2026-03-31T23:00:00.000Z'), org: a, source: 'm1' },
      { event: event('2', 'a', 'api_calls', '2026-04-01T01:00:00.000Z'), org: a, source: 'm1' },
      { event: event('1', 'a', 'api_calls', '2026-03-31T23:00:00.000Z'), org: a, source: 'm2' },
      { event: event('1', 'b', 'api_calls', '2026-03-20T00:00:00.000Z'), org: b, source: 'm2' },
      { event: event('3', 'b', 'storage_gb', '2026-04-10T00:00:00.000Z'), org: b, source: 'm2' },
    ]);
    expect(groups.map((g) => [g.orgId, g.metric, g.period.start, g.aggregation, g.events.map((e) => `${e.id}@${e.source}`)])).toEqual([
      ['a', 'api_calls', '2026-03-01T00:00:00.000Z', 'count', ['1@m1']],
      ['a', 'api_calls', '2026-04-01T00:00:00.000Z', 'count', ['2@m1']],
      ['b', 'api_calls', '2026-03-15T00:00:00.000Z', 'count', ['1@m2']],
      ['b', 'storage_gb', '2026-03-15T00:00:00.000Z', 'max', ['3@m2']],
    ]);
  });

  it('keeps every transaction within 100 items (events + counter + daily buckets)', () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ id: String(i), bucket: `day${i % 7}` }) as PlacedEvent);
    const chunks = chunkForTransactions(events);
    for (const chunk of chunks) expect(chunk.length + 1 + new Set(chunk.map((e) => e.bucket)).size).toBeLessThanOrEqual(100);
    expect(chunks.flat()).toHaveLength(1000);
    // Explorer groups also write a placement item per event and one history check.
    const provisional = chunkForTransactions(events, undefined, true);
    for (const chunk of provisional) expect(2 * chunk.length + 2 + new Set(chunk.map((e) => e.bucket)).size).toBeLessThanOrEqual(100);
    expect(provisional.flat()).toHaveLength(1000);
    expect(chunkForTransactions(events.slice(0, 98).map((e) => ({ ...e, bucket: 'd' })))).toHaveLength(1);
    expect(chunkForTransactions(events.slice(0, 99).map((e) => ({ ...e, bucket: 'd' })))).toHaveLength(2);
  });
});

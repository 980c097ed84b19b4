import { replayUsageMessage } from './replay-message';

const firstSent = new Date('2026-01-31T23:59:00.000Z');

describe('replayUsageMessage (argus dlq redrive of a usage message that failed every delivery)', () => {
  it('gives events without a timestamp the time the message first reached Argus, not the time of the redrive', () => {
    const body = JSON.stringify({ events: [{ id: 'e1', orgId: 'o', metric: 'api_calls', quantity: 1 }, { id: 'e2', orgId: 'o', metric: 'api_calls', quantity: 2, timestamp: '2026-01-30T10:00:00Z' }] });
    expect(JSON.parse(replayUsageMessage(body, firstSent))).toEqual({
      events: [
        { id: 'e1', orgId: 'o', metric: 'api_calls', quantity: 1, timestamp: '2026-01-31T23:59:00.000Z' },
        { id: 'e2', orgId: 'o', metric: 'api_calls', quantity: 2, timestamp: '2026-01-30T10:00:00Z' },
      ],
    });
    expect(JSON.parse(replayUsageMessage(JSON.stringify({ id: 'e3', orgId: 'o', metric: 'api_calls', quantity: 1 }), firstSent))).toMatchObject({ id: 'e3', timestamp: '2026-01-31T23:59:00.000Z' });
  });

  it('leaves what it cannot read as it was, so the aggregator refuses it with its reason', () => {
    expect(replayUsageMessage('not json', firstSent)).toBe('not json');
    expect(replayUsageMessage('[1,2]', firstSent)).toBe('[1,2]');
    expect(replayUsageMessage('{"events":"x"}', firstSent)).toBe('{"events":"x"}');
    expect(replayUsageMessage('{"events":[{"id":"e"}]}', new Date(Number.NaN))).toBe('{"events":[{"id":"e"}]}');
  });
});

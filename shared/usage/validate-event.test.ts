import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseUsageMessage } from './parse-message';
import { validateUsageEvent } from './validate-event';

const now = new Date('2026-11-21T12:00:00Z');
const samples = path.join(__dirname, '..', '..', 'events', 'samples', 'usage');
const sample = (name: string) => readFileSync(path.join(samples, name), 'utf8');
const base = { id: 'e1', orgId: 'o1', metric: 'api_calls', quantity: 2 };

describe('usage event validation', () => {
  it('accepts every valid sample and refuses every invalid-*.json sample with a reason', () => {
    const files = readdirSync(samples);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const parsed = parseUsageMessage(sample(file));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const results = parsed.events.map((e) => validateUsageEvent(e, new Date('2026-11-20T12:00:00Z')));
      if (file.startsWith('invalid-')) expect(results.every((r) => !r.ok && r.reason.code && r.reason.message)).toBe(true);
      else expect(results.map((r) => (r.ok ? 'ok' : r.reason.message))).toEqual(results.map(() => 'ok'));
    }
  });

  it('names the reason', () => {
    const code = (raw: unknown) => {
      const r = validateUsageEvent(raw, now);
      return r.ok ? 'ok' : r.reason.code;
    };
    expect(code(base)).toBe('ok');
    expect(code({ ...base, quantity: 0 })).toBe('invalid_quantity');
    expect(code({ ...base, quantity: -1 })).toBe('invalid_quantity');
    expect(code({ ...base, quantity: 1.5 })).toBe('invalid_quantity');
    expect(code({ ...base, metric: 'storage_gb', quantity: 1.5 })).toBe('ok');
    expect(code({ ...base, metric: 'gpu_hours' })).toBe('unknown_metric');
    expect(code({ ...base, id: '' })).toBe('invalid_event');
    expect(code({ ...base, id: 'x'.repeat(129) })).toBe('invalid_event');
    expect(code({ ...base, id: 'x'.repeat(128) })).toBe('ok');
    expect(code({ ...base, timestamp: 'yesterday' })).toBe('invalid_event');
  });

  it('keeps timestamps within the past 35 days and 5 minutes ahead of receipt', () => {
    const at = (ms: number) => validateUsageEvent({ ...base, timestamp: new Date(now.getTime() + ms).toISOString() }, now).ok;
    expect(at(-35 * 86_400_000)).toBe(true);
    expect(at(-35 * 86_400_000 - 1)).toBe(false);
    expect(at(5 * 60_000)).toBe(true);
    expect(at(5 * 60_000 + 1)).toBe(false);
    const defaulted = validateUsageEvent(base, now);
    expect(defaulted.ok && defaulted.event.timestamp).toBe(now.toISOString());
    const offset = validateUsageEvent({ ...base, timestamp: '2026-11-21T13:00:00+02:00' }, now);
    expect(offset.ok && offset.event.timestamp).toBe('2026-11-21T11:00:00.000Z');
  });

  it('derives llm_tokens quantity and cost from the token counts', () => {
    const r = validateUsageEvent({ id: 'c', orgId: 'o', metric: 'llm_tokens', properties: { provider: 'openai', model: 'gpt-4o', tokensIn: 1000, tokensOut: 100 } }, now);
    expect(r.ok && r.event).toMatchObject({ quantity: 1100, llm: { costMicros: 3500, tokensIn: 1000, tokensOut: 100 } });
    const mismatch = validateUsageEvent({ id: 'c', orgId: 'o', metric: 'llm_tokens', quantity: 5, properties: { provider: 'openai', model: 'gpt-4o', tokensIn: 1, tokensOut: 1 } }, now);
    expect(!mismatch.ok && mismatch.reason.code).toBe('invalid_quantity');
    const bad = validateUsageEvent({ id: 'c', orgId: 'o', metric: 'llm_tokens', properties: { provider: 'openai', model: 'gpt-4o', tokensIn: -1, tokensOut: 1 } }, now);
    expect(!bad.ok && bad.reason.code).toBe('invalid_event');
    const plain = validateUsageEvent({ id: 'c', orgId: 'o', metric: 'llm_tokens', quantity: 42 }, now);
    expect(plain.ok && plain.event.llm).toBeUndefined();
  });

  it('parses message envelopes', () => {
    expect(parseUsageMessage('not json')).toMatchObject({ ok: false, reason: { code: 'invalid_message' } });
    expect(parseUsageMessage(JSON.stringify({ events: [] }))).toMatchObject({ ok: false });
    expect(parseUsageMessage(JSON.stringify({ events: Array(101).fill(base) }))).toMatchObject({ ok: false });
    expect(parseUsageMessage(JSON.stringify({ events: [base, base] }))).toEqual({ ok: true, events: [base, base] });
    expect(parseUsageMessage(JSON.stringify(base))).toEqual({ ok: true, events: [base] });
  });
});

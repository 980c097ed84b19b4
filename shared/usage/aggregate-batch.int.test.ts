import '../../infra/local/testing/local-env';
import fc from 'fast-check';
import { localStack } from '../../infra/local/testing/local-stack';
import { aggregateUsageBatch, type UsageMessage } from './aggregate-batch';
import { readCounter, usageSeries } from './read-usage';
import { billingPeriodAt } from './org-periods';
import { createOrg, shuffle } from './testing/fixtures';

/** The aggregator's domain function driven directly against DynamoDB Local (fast: no queue in between). */
let seq = 0;
const message = (events: unknown[]): UsageMessage => ({ messageId: `m${++seq}`, body: JSON.stringify({ events }), sentAt: new Date() });

/** Delivers until nothing fails, like SQS redelivering batch item failures. Returns how many deliveries it took. */
async function deliverUntilDone(messages: UsageMessage[], hooks = {}): Promise<number> {
  let pending = messages;
  let rounds = 0;
  while (pending.length) {
    rounds++;
    const outcome = await aggregateUsageBatch(pending, rounds === 1 ? hooks : {});
    pending = pending.filter((m) => outcome.failed.has(m.messageId));
    if (rounds > 20) throw new Error(`never finished: ${String([...outcome.failed.values()][0])}`);
  }
  return rounds;
}

describe('usage aggregation (domain, against DynamoDB Local)', () => {
  it('counts each (org, event id) once across duplicates, reorders and crashes (property)', async () => {
    const org = await createOrg({ planId: 'business' });
    const period = billingPeriodAt(org, new Date());
    let expected = 0;
    let expectedEvents = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 50 }), copies: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        fc.integer(),
        async (events, perMessage, crashAt, seed) => {
          run++;
          const rng = mulberry(seed);
          const copies = events.flatMap((e, i) => Array.from({ length: e.copies }, () => ({ id: `p${run}-${i}`, orgId: org.id, metric: 'api_calls', quantity: e.quantity })));
          const shuffled = shuffle(copies, rng);
          const messages: UsageMessage[] = [];
          for (let i = 0; i < shuffled.length; i += perMessage) messages.push(message(shuffled.slice(i, i + perMessage)));
          let calls = 0;
          const hooks = { beforeTransaction: () => { if (crashAt !== undefined && ++calls === crashAt) throw new Error('injected crash'); } };
          // Deliver in two overlapping waves to mimic concurrent pollers.
          const half = Math.ceil(messages.length / 2);
          await Promise.all([deliverUntilDone(messages.slice(0, half), hooks), deliverUntilDone(messages.slice(half))]);
          expected += events.reduce((s, e) => s + e.quantity, 0);
          const counter = await readCounter(org.id, period.start, 'api_calls');
          expect(counter.used).toBe(expected);
          expectedEvents += events.length;
          expect(counter.events).toBe(expectedEvents);
        },
      ),
      { numRuns: 25 },
    );
    const series = await usageSeries(org.id, 'api_calls', { period: 'current' });
    expect(series.total).toBe(expected);
    expect(series.series.reduce((s, b) => s + b.value, 0)).toBe(expected);
  });

  it('a crash midway through a batch leaves no double count after redelivery', async () => {
    const org = await createOrg({ planId: 'business' });
    const events = Array.from({ length: 450 }, (_, i) => ({ id: `c${i}`, orgId: org.id, metric: i % 2 ? 'api_calls' : 'agent_executions', quantity: 1 + (i % 5) }));
    const messages = Array.from({ length: 9 }, (_, i) => message(events.slice(i * 50, i * 50 + 50)));
    let calls = 0;
    const rounds = await deliverUntilDone(messages, { beforeTransaction: () => { if (++calls === 3) throw new Error('crash'); } });
    expect(rounds).toBe(2);
    // and a full redelivery of everything (e.g. the Lambda timed out after writing) changes nothing
    const again = await aggregateUsageBatch(messages);
    expect(again.counted).toBe(0);
    expect(again.duplicates).toBe(450);
    const period = billingPeriodAt(org, new Date());
    const sum = (metric: string) => events.filter((e) => e.metric === metric).reduce((s, e) => s + e.quantity, 0);
    expect((await readCounter(org.id, period.start, 'api_calls')).used).toBe(sum('api_calls'));
    expect((await readCounter(org.id, period.start, 'agent_executions')).used).toBe(sum('agent_executions'));
    expect((await readCounter(org.id, period.start, 'api_calls')).events).toBe(225);
  });

  it('keeps the maximum for gauges, the latest for last, and llm cost beside tokens', async () => {
    const org = await createOrg({ planId: 'professional', billingAnchor: '2026-01-10T08:00:00.000Z' });
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const storage = [3, 17.5, 9, 17.5, 2].map((q, i) => ({ id: `s${i}`, orgId: org.id, metric: 'storage_gb', quantity: q, timestamp: at(i) }));
    await deliverUntilDone(shuffle(storage).map((e) => message([e])));
    await deliverUntilDone([message([{ id: 's9', orgId: org.id, metric: 'storage_gb', quantity: 4 }])]);
    const period = billingPeriodAt(org, new Date());
    expect((await readCounter(org.id, period.start, 'storage_gb')).used).toBe(17.5);
    expect((await readCounter(org.id, period.start, 'storage_gb')).events).toBe(6);

    const llm = [
      { id: 'l1', orgId: org.id, metric: 'llm_tokens', properties: { provider: 'openai', model: 'gpt-4o-mini', tokensIn: 1000, tokensOut: 500 } },
      { id: 'l2', orgId: org.id, metric: 'llm_tokens', properties: { provider: 'anthropic', model: 'claude-opus-4', tokensIn: 2000, tokensOut: 1000 } },
      { id: 'l3', orgId: org.id, metric: 'llm_tokens', quantity: 10 },
    ];
    await deliverUntilDone([message(llm), message(llm)]);
    const tokens = await readCounter(org.id, period.start, 'llm_tokens');
    expect(tokens).toEqual({ used: 4510, events: 3, costMicros: 450 + 105_000, credited: 0, net: 4510 });
  });

  it('sends refused events to the DLQ with their reason while their neighbours count', async () => {
    const org = await createOrg();
    const outcome = await aggregateUsageBatch([
      message([
        { id: 'ok1', orgId: org.id, metric: 'api_calls', quantity: 2 },
        { id: 'bad1', orgId: org.id, metric: 'gpu_hours', quantity: 2 },
        { id: 'bad2', orgId: 'org_nobody', metric: 'api_calls', quantity: 2 },
        { id: 'bad3', orgId: org.id, metric: 'api_calls', quantity: 1, timestamp: '2020-01-01T00:00:00Z' },
      ]),
      { messageId: 'garbage', body: '{not json', sentAt: new Date() },
    ]);
    expect(outcome.failed.size).toBe(0);
    expect(outcome.counted).toBe(1);
    expect(outcome.refused).toBe(4);
    expect((await readCounter(org.id, billingPeriodAt(org, new Date()).start, 'api_calls')).used).toBe(2);
    expect(localStack().sqs.usageDlqUrl).toBeTruthy(); // contents are checked end to end in the queue test
  });

  it('publishes each threshold exactly once under concurrent batches and redeliveries', async () => {
    const org = await createOrg(); // explorer: api_calls 1,000 included
    const events = Array.from({ length: 130 }, (_, i) => ({ id: `t${i}`, orgId: org.id, metric: 'api_calls', quantity: 10 }));
    const messages = shuffle([...events, ...events.slice(0, 60)]).map((e) => message([e]));
    const batches = Array.from({ length: 6 }, (_, i) => messages.filter((_, j) => j % 6 === i));
    await Promise.all(batches.map((b) => deliverUntilDone(b)));
    await Promise.all(batches.map((b) => deliverUntilDone(b)));
    const res = await fetch(`${localStack().apiUrl}/_local/events?type=usage.threshold_crossed`);
    const published = ((await res.json()) as { events: { detail: { orgId: string; threshold: number; used: number } }[] }).events.filter((e) => e.detail.orgId === org.id);
    expect(published.map((e) => e.detail.threshold).sort((a, b) => a - b)).toEqual([80, 100, 120]);
    for (const e of published) expect(e.detail.used).toBeGreaterThanOrEqual(e.detail.threshold * 10);
  });
});

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

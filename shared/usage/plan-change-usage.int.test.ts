import '../../infra/local/testing/local-env';
import { emulatorNow, stripeControl, waitForSubscription, withoutTrial } from '../../infra/local/testing/billing';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { newUser, type TestUser } from '../../infra/local/testing/users';
import { saveHistory, readHistory } from '../db/org-billing';
import { aggregateUsageBatch } from './aggregate-batch';
import { createOrg } from './testing/fixtures';
import { readCounter, usageSeries, usageSummary } from './read-usage';
import { rehomeUsage } from './usage-rehome';
import { mergeHistory } from './period-history';

/**
 * CONTRACT §3: an event belongs to the billing period in force at its timestamp. An explorer org upgrades through the
 * Stripe emulator; usage from before the upgrade stays in explorer's (now cut) period, usage timestamped after the
 * subscription started but counted before its webhook arrived ends in the paid period, and every period's total equals
 * the sum of its series. Usage is fed to the aggregator in-process with the emulator's clock as the queue's clock (other
 * suites move the emulator months ahead of the wall clock, and the subscription starts at emulator time).
 */
const usage = (orgId: string, id: string, quantity: number, timestamp: Date, sentAt: Date) => ({
  messageId: `m-${id}`,
  body: JSON.stringify({ id, orgId, metric: 'api_calls', quantity, timestamp: timestamp.toISOString() }),
  sentAt,
});

async function checkout(user: TestUser, planId: string): Promise<void> {
  await withoutTrial(user.orgId);
  const res = await api(`/v1/orgs/${user.orgId}/checkout`, {
    token: user.token,
    body: { planId, successUrl: 'http://localhost:5173/ok', cancelUrl: 'http://localhost:5173/cancel' },
  });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  await stripeControl(`/_emulator/checkout/${res.body.id}/complete`, {});
}

const sum = (series: { value: number }[]) => series.reduce((s, p) => s + p.value, 0);

describe('usage across a plan change', () => {
  it('an explorer org that upgrades keeps its earlier usage readable, and usage sent before the webhook lands in the paid period', async () => {
    const user = await newUser();
    const t0 = new Date((await emulatorNow()) * 1000);
    const before = new Date(t0.getTime() - 60_000);
    // Timestamped after the checkout below completes, counted now, while the org still reads explorer.
    const afterStart = new Date(t0.getTime() + 150_000);
    const outcome = await aggregateUsageBatch([usage(user.orgId, 'early', 150, before, t0), usage(user.orgId, 'racing', 40, afterStart, t0)], {}, t0);
    expect(outcome.counted).toBe(2);
    const explorer = await usageSeries(user.orgId, 'api_calls', { at: t0 }, t0);
    expect(explorer.total).toBe(190);

    await checkout(user, 'professional');
    const sub = await waitForSubscription(user, (s) => s.planId === 'professional' && s.status === 'active');
    const paidStart = sub.currentPeriodStart!;
    expect(Date.parse(paidStart)).toBeGreaterThan(before.getTime());
    expect(Date.parse(paidStart)).toBeLessThanOrEqual(afterStart.getTime());

    const later = new Date(afterStart.getTime() + 60_000);
    // The processor re-homes the racing event right after writing the history: wait for it.
    const current = await eventually(() => usageSeries(user.orgId, 'api_calls', { period: 'current' }, later), (s) => s.total === 40);
    expect(current.period).toEqual({ start: paidStart, end: sub.currentPeriodEnd });
    expect(current).toMatchObject({ total: 40 });
    expect(sum(current.series)).toBe(40);

    const previous = await usageSeries(user.orgId, 'api_calls', { period: 'previous' }, later);
    expect(previous.period.end).toBe(paidStart);
    expect(previous.period.start).toBe(new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), 1)).toISOString());
    expect(previous.total).toBe(150);
    expect(sum(previous.series)).toBe(150);

    const summary = await usageSummary(user.orgId, { period: 'previous' }, later);
    expect(summary.metrics.find((m) => m.metric === 'api_calls')).toMatchObject({ used: 150, included: 1_000, capType: 'hard', credits: 0, remaining: 850, projected: 150, overageAmount: { amount: '0', currency: 'usd' } });
    const paidSummary = await usageSummary(user.orgId, { period: 'current' }, later);
    expect(paidSummary.period).toEqual({ start: paidStart, end: sub.currentPeriodEnd });
    expect(paidSummary.metrics.find((m) => m.metric === 'api_calls')).toMatchObject({ used: 40, included: 100_000, capType: 'soft', credits: 0 });

    // The same reads over HTTP, by timestamp (the wall clock may lag the emulator's, so ?at= rather than ?period=).
    const atBefore = await api(`/v1/orgs/${user.orgId}/usage/api_calls?at=${before.toISOString()}`, { token: user.token });
    expect(atBefore.status).toBe(200);
    expect(atBefore.body).toMatchObject({ metric: 'api_calls', period: { start: previous.period.start, end: paidStart }, total: 150 });
    expect(sum(atBefore.body.series)).toBe(150);
    const atAfter = await api(`/v1/orgs/${user.orgId}/usage?at=${afterStart.toISOString()}`, { token: user.token });
    expect(atAfter.status).toBe(200);
    expect(atAfter.body.period).toEqual({ start: paidStart, end: sub.currentPeriodEnd });
    expect(atAfter.body.metrics.find((m: { metric: string }) => m.metric === 'api_calls')).toMatchObject({ used: 40, included: 100_000, overageAmount: { amount: '0', currency: 'usd' } });

    // A daily series over dates covers both periods: the day of the upgrade holds both sides of it.
    const day = before.toISOString().slice(0, 10);
    const lastDay = afterStart.toISOString().slice(0, 10);
    const range = await api(`/v1/orgs/${user.orgId}/usage/api_calls?from=${day}&to=${lastDay}`, { token: user.token });
    expect(range.status).toBe(200);
    expect(range.body.total).toBe(190);
    expect(sum(range.body.series)).toBe(190);
    expect(range.body.series[0]).toEqual({ start: `${day}T00:00:00.000Z`, value: expect.any(Number) });

    // Nothing twice: a redelivered event is a duplicate, a second re-homing finds nothing to move.
    const again = await aggregateUsageBatch([usage(user.orgId, 'racing', 40, afterStart, t0)], {}, later);
    expect(again).toMatchObject({ counted: 0, duplicates: 1 });
    expect(await rehomeUsage(user.orgId)).toEqual({ moved: 0 });
    expect((await readCounter(user.orgId, paidStart, 'api_calls')).used).toBe(40);
    expect((await readCounter(user.orgId, previous.period.start, 'api_calls')).used).toBe(150);
  });

  it('bad usage queries answer 400 with details', async () => {
    const user = await newUser();
    const cases: [string, string][] = [
      ['?period=next', 'query.period'],
      ['?at=yesterday', 'query.at'],
      ['?period=current&at=2026-01-01T00:00:00Z', 'query.at'],
    ];
    for (const [query, path] of cases) {
      const res = await api(`/v1/orgs/${user.orgId}/usage${query}`, { token: user.token });
      expect([query, res.status, res.body.error.code, res.body.error.details.map((d: { path: string }) => d.path)]).toEqual([query, 400, 'validation_failed', [path]]);
    }
    const ranges: [string, string][] = [
      ['?from=2025-01-01&to=2026-02-05', 'query.to'],
      ['?from=2025-01-01', 'query.to'],
      ['?from=2025-02-30&to=2025-03-01', 'query.from'],
    ];
    for (const [query, path] of ranges) {
      const res = await api(`/v1/orgs/${user.orgId}/usage/api_calls${query}`, { token: user.token });
      expect([query, res.status, res.body.error.details.map((d: { path: string }) => d.path)]).toEqual([query, 400, [path]]);
    }
    const ok = await api(`/v1/orgs/${user.orgId}/usage/api_calls?from=2025-01-01&to=2026-02-04`, { token: user.token });
    expect(ok.status).toBe(200);
    expect(ok.body.series).toHaveLength(400);
  });

  it('a webhook that moves the periods while a batch is being written: the events are placed again by the new history', async () => {
    const t0 = new Date((await emulatorNow()) * 1000);
    const org = await createOrg();
    const subStart = new Date(t0.getTime() - 10 * 60_000).toISOString();
    let moved = false;
    const outcome = await aggregateUsageBatch(
      [usage(org.id, 'e1', 7, t0, t0)],
      {
        beforeTransaction: async () => {
          if (moved) return;
          moved = true;
          const { history, version } = await readHistory(org.id);
          const entry = { subscriptionId: 'sub_race', anchor: subStart, since: subStart, subscriptionStart: subStart, planId: 'professional', observedAt: 1 };
          expect(await saveHistory(org.id, mergeHistory(history, entry), version)).toBe(true);
        },
      },
      t0,
    );
    expect(outcome).toMatchObject({ counted: 1, duplicates: 0 });
    expect(outcome.failed.size).toBe(0);
    expect((await readCounter(org.id, subStart, 'api_calls')).used).toBe(7);
    const monthStart = new Date(Date.UTC(t0.getUTCFullYear(), t0.getUTCMonth(), 1)).toISOString();
    expect((await readCounter(org.id, monthStart, 'api_calls')).used).toBe(0);
  });
});

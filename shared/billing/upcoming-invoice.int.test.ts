import '../../infra/local/testing/local-env';
import { advanceEmulatorTo, emulatorNow, subscribe } from '../../infra/local/testing/billing';
import { api, localStack } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser, serviceApiKey } from '../../infra/local/testing/users';
import { stripeClientFor } from '../clients/stripe-factory';
import { aggregateUsageBatch } from '../usage/aggregate-batch';
import { runMeterSink } from '../usage/meter-sink';

const stripe = stripeClientFor('sk_test_argus_local', localStack().stripe.apiUrl);
const usage = (orgId: string, id: string, metric: string, quantity: number, sentAt: Date) => ({ messageId: id, body: JSON.stringify({ id, orgId, metric, quantity }), sentAt });
type Line = { description: string; quantity: number | null; amount: { amount: number; currency: string }; periodStart: string; periodEnd: string };

describe('GET /v1/orgs/{orgId}/invoices/upcoming', () => {
  it('shows usage the meter sink has not reported yet, and equals what the renewal then bills', async () => {
    const explorer = await newUser();
    expect((await api(`/v1/orgs/${explorer.orgId}/invoices/upcoming`, { token: explorer.token })).status).toBe(404);

    const owner = await newUser();
    const { subscription } = await subscribe(owner, 'professional');
    const member = await newMemberOf(owner.token, owner.orgId, 'member');
    // Usage stamped on the emulator's clock (other tests move it ahead), in the subscription's first period: over the
    // included amounts of professional (100K api_calls, 1M llm_tokens, 100 GB storage, a gauge billed rounded up).
    const now = new Date((await emulatorNow()) * 1000);
    await aggregateUsageBatch(
      [
        usage(owner.orgId, 'u1', 'api_calls', 120_000, now),
        usage(owner.orgId, 'u2', 'api_calls', 3_457, now),
        usage(owner.orgId, 'u3', 'llm_tokens', 1_500_000, now),
        usage(owner.orgId, 'u4', 'storage_gb', 101.5, now),
      ],
      {},
      now,
    );

    const read = await api<{ amountDue: { amount: number; currency: string }; periodStart: string; periodEnd: string; lines: Line[] }>(`/v1/orgs/${owner.orgId}/invoices/upcoming`, { token: member.token });
    expect(read.status).toBe(200);
    const upcoming = read.body;
    const sub = await stripe.subscriptions.retrieve(subscription);
    const period = sub.items.data[0]!;
    expect(upcoming.periodStart).toBe(new Date(period.current_period_start * 1000).toISOString());
    expect(upcoming.periodEnd).toBe(new Date(period.current_period_end * 1000).toISOString());
    // Nothing reported yet: Stripe's own preview bills no usage; the upcoming invoice does, from Argus's counters.
    const stripeOnly = await stripe.invoices.createPreview({ customer: sub.customer as string, subscription });
    expect(stripeOnly.amount_due).toBe(9_900);
    const usageAmounts = upcoming.lines.map((l) => l.amount.amount).sort((a, b) => a - b);
    // 23,457 calls x $0.001 = $23.457 -> 2,346; 500K tokens x $0.01/1K = $5; 102 - 100 GB x $0.50 = $1; the plan $99.
    expect(usageAmounts.filter((a) => a > 0)).toEqual([100, 500, 2_346, 9_900]);
    expect(upcoming.amountDue).toEqual({ amount: 9_900 + 2_346 + 500 + 100, currency: 'usd' });
    expect(upcoming.lines.map((l) => l.quantity)).toEqual(expect.arrayContaining([123_457, 1_500_000, 102]));

    // The sink reports before the period ends (it runs every few minutes), then the period renews.
    const sink = await runMeterSink(now);
    expect(sink.failed).toEqual([]);
    await advanceEmulatorTo(period.current_period_end + 60);
    const renewal = (await stripe.invoices.list({ subscription, limit: 10 })).data.find((i) => i.billing_reason === 'subscription_cycle')!;
    expect(renewal).toBeDefined();
    expect({ amountDue: renewal.amount_due, periodStart: renewal.period_start, periodEnd: renewal.period_end }).toEqual({
      amountDue: upcoming.amountDue.amount,
      periodStart: period.current_period_start,
      periodEnd: period.current_period_end,
    });
    const billed = renewal.lines.data.map((l) => ({ description: l.description, quantity: l.quantity, amount: l.amount }));
    const shown = upcoming.lines.map((l) => ({ description: l.description, quantity: l.quantity, amount: l.amount.amount }));
    const byText = (a: { description: string | null }, b: { description: string | null }) => String(a.description).localeCompare(String(b.description));
    expect(shown.sort(byText)).toEqual(billed.sort(byText));
  });

  it('applies credits: the upcoming invoice and the overage sent to Stripe are usage - included - credits', async () => {
    const owner = await newUser();
    const { subscription } = await subscribe(owner, 'professional');
    // 200K prepaid tokens: of 1.5M, 1M is included, 200K the credits pay for, 300K is billed ($0.01 per 1K = $3.00).
    const grant = await api(`/v1/orgs/${owner.orgId}/credits`, { token: serviceApiKey(), body: { id: 'prepaid', metric: 'llm_tokens', quantity: 200_000, reason: 'upcoming invoice test' } });
    expect(grant.status).toBe(201);
    const now = new Date((await emulatorNow()) * 1000);
    await aggregateUsageBatch([usage(owner.orgId, 'c1', 'llm_tokens', 1_500_000, now), usage(owner.orgId, 'c2', 'api_calls', 110_000, now)], {}, now);
    expect((await api(`/v1/orgs/${owner.orgId}/credits`, { token: owner.token })).body.balances.llm_tokens ?? 0).toBe(0);

    const read = await api<{ amountDue: { amount: number }; lines: Line[] }>(`/v1/orgs/${owner.orgId}/invoices/upcoming`, { token: owner.token });
    expect(read.status).toBe(200);
    // $99 + 300K tokens ($3.00) + 10K calls at $0.001 ($10.00).
    expect(read.body.amountDue.amount).toBe(9_900 + 300 + 1_000);
    expect(read.body.lines.map((l) => l.quantity)).toEqual(expect.arrayContaining([1_300_000, 110_000]));

    const sub = await stripe.subscriptions.retrieve(subscription);
    const period = sub.items.data[0]!;
    expect((await runMeterSink(now)).failed).toEqual([]);
    await advanceEmulatorTo(period.current_period_end + 60);
    const renewal = (await stripe.invoices.list({ subscription, limit: 10 })).data.find((i) => i.billing_reason === 'subscription_cycle')!;
    expect(renewal.amount_due).toBe(read.body.amountDue.amount);
    // What the sink sent Stripe for tokens: 1.5M used - 200K credits; Stripe's free tier takes the included 1M.
    const tokens = renewal.lines.data.find((l) => /tokens/i.test(l.description ?? ''))!;
    expect({ quantity: tokens.quantity, amount: tokens.amount }).toEqual({ quantity: 1_300_000, amount: 300 });
  });
});

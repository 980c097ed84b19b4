import '../../infra/local/testing/local-env';
import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { advanceEmulatorTo, checkoutUrls, epochOf, getSubscription, stripeControl, subscribe, waitForSubscription } from '../../infra/local/testing/billing';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { newMemberOf, newUser, type TestUser } from '../../infra/local/testing/users';
import { stripeClientFor } from '../clients/stripe-factory';
import { ddb, tableName } from '../db/client';
import { orgKeys } from '../db/orgs';

/**
 * Issue #15 part B on the local stack: yearly prices, trials, promotion codes and per-seat billing, each through the
 * API with the Stripe emulator's clock and hosted-page controls (CONTRACT §3 Plans and billing, §4).
 */
const DAY = 86_400;
const stripe = stripeClientFor('sk_test_argus_local', localStack().stripe.apiUrl);

interface InvoiceBody {
  id: string;
  status: string;
  amountPaid: { amount: number };
  periodStart: string;
  periodEnd: string;
}

const invoicesOf = async (user: TestUser): Promise<InvoiceBody[]> => (await api(`/v1/orgs/${user.orgId}/invoices?limit=100`, { token: user.token })).body.invoices;
const paidAmounts = async (user: TestUser) => (await invoicesOf(user)).filter((i) => i.status === 'paid').map((i) => i.amountPaid.amount);

describe('yearly prices', () => {
  it('a yearly checkout bills 10x the monthly price for a year and keeps monthly usage periods, each closed by its own invoice', async () => {
    const user = await newUser();
    await subscribe(user, 'professional', { interval: 'year' });
    const sub = await getSubscription(user);
    expect(sub).toMatchObject({ planId: 'professional', interval: 'year', status: 'active', trialEnd: null });
    expect(epochOf(sub.currentPeriodEnd) - epochOf(sub.currentPeriodStart)).toBeGreaterThanOrEqual(365 * DAY);
    await eventually(() => paidAmounts(user), (a) => a.includes(99_000));
    // Allowances stay monthly on a yearly plan: the usage period is the month from the anchor, not the year.
    // Read at a time inside the subscription's first month: the emulator's clock (which other suites move) decides it.
    const inFirstMonth = new Date((epochOf(sub.currentPeriodStart) + 60) * 1000).toISOString();
    const usage = await api(`/v1/orgs/${user.orgId}/usage?at=${encodeURIComponent(inFirstMonth)}`, { token: user.token });
    expect(usage.body.period.start).toBe(sub.currentPeriodStart);
    expect(epochOf(usage.body.period.end) - epochOf(usage.body.period.start)).toBeLessThanOrEqual(31 * DAY);

    // A month on: the usage period closes on an invoice of its own (no fee: nothing used, $0), the paid year runs on.
    // (The renewal after a year runs 12 such cut-offs, about 70 webhooks and 90 s here: the emulator's own test
    // stripe-emulator/intervals-discounts.test.ts proves it, and the mirror follows it like any renewal.)
    await advanceEmulatorTo(epochOf(usage.body.period.end) + 10);
    const invoices = await eventually(() => invoicesOf(user), (list) => list.length === 2 && list.every((i) => i.status === 'paid'));
    expect(invoices[0]).toMatchObject({ status: 'paid', amountPaid: { amount: 0 }, periodStart: usage.body.period.start, periodEnd: usage.body.period.end });
    expect(await getSubscription(user)).toMatchObject({ interval: 'year', status: 'active', currentPeriodStart: sub.currentPeriodStart, currentPeriodEnd: sub.currentPeriodEnd });
    // The API's clock is the wall clock (only Stripe's moved): the next month's period, read at a time inside it.
    const at = new Date((epochOf(usage.body.period.end) + DAY) * 1000).toISOString();
    const next = await api(`/v1/orgs/${user.orgId}/usage?at=${encodeURIComponent(at)}`, { token: user.token });
    expect(next.body.period.start).toBe(usage.body.period.end);
    expect(epochOf(next.body.period.end) - epochOf(next.body.period.start)).toBeLessThanOrEqual(31 * DAY);
  });

  it('a monthly plan changes to yearly with a proration preview that matches the change', async () => {
    const user = await newUser();
    const { subscription } = await subscribe(user, 'professional');
    const preview = await api(`/v1/orgs/${user.orgId}/subscription/preview`, { token: user.token, body: { planId: 'professional', interval: 'year' } });
    expect(preview.status).toBe(200);
    // The unused month is credited, the year charged.
    expect(preview.body.amountDue.amount).toBeGreaterThan(99_000 - 9_900 - 10);
    expect(preview.body.amountDue.amount).toBeLessThanOrEqual(99_000);
    const patched = await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { planId: 'professional', interval: 'year' } });
    expect(patched.body).toMatchObject({ planId: 'professional', interval: 'year', status: 'active' });
    await waitForSubscription(user, (s) => s.interval === 'year');
    const amounts = await eventually(() => paidAmounts(user), (a) => a.length === 2);
    // The first month's $99 and the change's charge (both may carry the same emulator second: no order assumed).
    const charge = amounts.find((a) => a !== 9_900) ?? 9_900;
    expect(amounts).toContain(9_900);
    expect(Math.abs(charge - preview.body.amountDue.amount)).toBeLessThanOrEqual(2);
    // Cancelling a yearly plan ends it with the paid year, not with the next monthly usage period.
    const cancel = await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { cancelAtPeriodEnd: true } });
    expect(cancel.body.cancelAtPeriodEnd).toBe(true);
    const live = await stripe.subscriptions.retrieve(subscription);
    expect(live.cancel_at).toBe(epochOf((await getSubscription(user)).currentPeriodEnd));
    expect(live.cancel_at! - live.start_date).toBeGreaterThan(300 * DAY);
  });
});

describe('trials', () => {
  it('a 14-day trial converts to paid; a second checkout of the same org gets no trial', async () => {
    const user = await newUser();
    const first = await subscribe(user, 'professional', { trial: true });
    const trialing = await getSubscription(user);
    expect(trialing).toMatchObject({ planId: 'professional', interval: 'month', status: 'trialing' });
    expect(epochOf(trialing.trialEnd) - epochOf(trialing.currentPeriodStart)).toBe(14 * DAY);
    // A trialing org has its paid plan's entitlements.
    expect((await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token })).body.planId).toBe('professional');
    // Previewing a change during the trial charges nothing now and says what follows the trial.
    const preview = await api(`/v1/orgs/${user.orgId}/subscription/preview`, { token: user.token, body: { planId: 'business' } });
    expect(preview.body).toEqual({ amountDue: { amount: 0, currency: 'usd' }, lines: [{ description: expect.stringMatching(/^Trial: Business \(\$299\.00 per month\)/), amount: { amount: 0, currency: 'usd' } }] });
    expect(await eventually(() => paidAmounts(user), (a) => a.length === 1)).toEqual([0]);

    await advanceEmulatorTo(epochOf(trialing.trialEnd) + 10);
    const converted = await waitForSubscription(user, (s) => s.status === 'active');
    expect(converted.currentPeriodStart).toBe(trialing.trialEnd);
    await eventually(() => paidAmounts(user), (a) => a.includes(9_900));

    await stripe.subscriptions.cancel(first.subscription);
    await waitForSubscription(user, (s) => s.planId === 'explorer');
    const again = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'professional', ...checkoutUrls } });
    expect(again.status).toBe(201);
    const done = await stripeControl<{ subscription: string }>(`/_emulator/checkout/${again.body.id}/complete`, {});
    expect((await stripe.subscriptions.retrieve(done.subscription)).trial_end).toBeNull();
    const second = await waitForSubscription(user, (s) => s.planId === 'professional');
    expect(second).toMatchObject({ status: 'active', trialEnd: null });
  });
});

describe('promotion codes', () => {
  it('a promotion code entered on the Checkout page discounts the first invoice', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'once' });
    const code = `SAVE${randomBytes(4).toString('hex').toUpperCase()}`;
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code });
    const user = await newUser();
    const refused = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId: 'business', ...checkoutUrls } });
    await expect(stripeControl(`/_emulator/checkout/${refused.body.id}/complete`, { promotion_code: code })).rejects.toThrow(/does not accept promotion codes/);
    await subscribe(user, 'business', { promotionCode: code });
    expect(await eventually(() => paidAmounts(user), (a) => a.length === 1)).toEqual([22_425]);
  });
});

describe('seats billed per seat', () => {
  it('a 26th member on a plan with 25 included seats and a seat price adds one seat to the next invoice; leaving removes it', async () => {
    const owner = await newUser();
    const { subscription: subscriptionId } = await subscribe(owner, 'professional');
    // 24 more members than the owner, as if they had joined (inviting 24 people is another test's subject).
    await ddb.send(new UpdateCommand({ TableName: tableName, Key: { PK: orgKeys.pk(owner.orgId), SK: orgKeys.sk() }, UpdateExpression: 'SET memberCount = :n', ExpressionAttributeValues: { ':n': 25 } }));
    const member = await newMemberOf(owner.token, owner.orgId, 'member');
    expect((await api(`/v1/orgs/${owner.orgId}`, { token: owner.token })).body.seats).toEqual({ used: 26, limit: 25 });
    const sub = await getSubscription(owner);
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    const seat = subscription.items.data.find((i) => i.price.lookup_key === 'argus_professional_seat_month_v1');
    expect(seat?.quantity).toBe(1);

    await advanceEmulatorTo(epochOf(sub.currentPeriodEnd) + 10);
    const invoices = await eventually(() => invoicesOf(owner), (list) => list.some((i) => i.periodStart === sub.currentPeriodStart && i.status === 'paid' && i.amountPaid.amount > 9_900));
    const renewal = invoices.find((i) => i.periodStart === sub.currentPeriodStart && i.amountPaid.amount > 9_900)!;
    const lines = (await api(`/v1/orgs/${owner.orgId}/invoices/${renewal.id}`, { token: owner.token })).body.lines as Array<{ description: string; quantity: number; amount: { amount: number } }>;
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ quantity: 1, amount: { amount: 500, currency: 'usd' }, description: expect.stringMatching(/extra seat/) })]));
    // The seat was used for part of the first period too: charged pro rata on the same invoice.
    expect(lines.some((l) => /Remaining time on .*extra seat/.test(l.description) && l.amount.amount > 0 && l.amount.amount <= 500)).toBe(true);

    expect((await api(`/v1/orgs/${owner.orgId}/members/${member.userId}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data.some((i) => i.price.lookup_key === 'argus_professional_seat_month_v1')).toBe(false);
  });

  it('a plan without a seat price still refuses members past its seats (402)', async () => {
    const owner = await newUser();
    await ddb.send(new UpdateCommand({ TableName: tableName, Key: { PK: orgKeys.pk(owner.orgId), SK: orgKeys.sk() }, UpdateExpression: 'SET memberCount = :n', ExpressionAttributeValues: { ':n': 3 } }));
    const res = await api(`/v1/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: `x${randomBytes(3).toString('hex')}@example.com`, role: 'member' } });
    expect([res.status, res.body.error?.code]).toEqual([402, 'upgrade_required']);
  });
});

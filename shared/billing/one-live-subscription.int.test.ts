import '../../infra/local/testing/local-env';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { checkoutUrls, getSubscription, stripeControl, waitForSubscription, withoutTrial } from '../../infra/local/testing/billing';
import { newUser, type TestUser } from '../../infra/local/testing/users';
import { localStack } from '../../infra/local/testing/local-stack';
import { stripeClientFor } from '../clients/stripe-factory';
import { ddb, tableName } from '../db/client';
import { duplicateSubscriptionKey } from './duplicate-subscriptions';

/**
 * An org never ends with two live paid subscriptions (CONTRACT §3), whatever the timing: a new checkout expires the
 * org's other open ones, and when two sessions are paid anyway the newer subscription is canceled at once (prorated)
 * while the org stays on the kept one. Real Stripe emulator, real webhooks, real processor.
 */
const stripe = stripeClientFor('sk_test_argus_local', localStack().stripe.apiUrl);

async function checkout(user: TestUser, planId: string) {
  await withoutTrial(user.orgId);
  const res = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId, ...checkoutUrls } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

/**
 * Two open sessions of one org, as a race (two tabs, two admins) would leave them: a new API checkout for `planId`
 * (which expires `first`), and `first`'s twin created straight on Stripe with the same customer, prices and tags.
 */
async function racingSessions(user: TestUser, first: string, planId: string): Promise<[string, string]> {
  const session = await stripe.checkout.sessions.retrieve(first);
  const other = await api(`/v1/orgs/${user.orgId}/checkout`, { token: user.token, body: { planId, ...checkoutUrls } });
  const items = await stripe.checkout.sessions.listLineItems(first);
  const twin = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: session.customer as string,
    client_reference_id: user.orgId,
    line_items: items.data.map((li) => (li.price!.recurring?.usage_type === 'metered' ? { price: li.price!.id } : { price: li.price!.id, quantity: 1 })),
    success_url: checkoutUrls.successUrl,
    cancel_url: checkoutUrls.cancelUrl,
    metadata: session.metadata ?? {},
    subscription_data: { metadata: session.metadata ?? {} },
  });
  expect(other.status).toBe(201);
  return [other.body.id, twin.id];
}

describe('one live subscription per org', () => {
  it('creating a checkout expires the org\'s other open checkouts', async () => {
    const user = await newUser();
    const a = await checkout(user, 'professional');
    const b = await checkout(user, 'business');
    expect((await stripe.checkout.sessions.retrieve(a.id)).status).toBe('expired');
    expect((await stripe.checkout.sessions.retrieve(b.id)).status).toBe('open');
    await expect(stripeControl(`/_emulator/checkout/${a.id}/complete`, {})).rejects.toThrow(/expired/);
  });

  it.each([['business first', 0], ['professional first', 1]])('two sessions both paid (%s): one live subscription, the org on the kept one\'s plan', async (_, firstIndex) => {
    const user = await newUser();
    const a = await checkout(user, 'professional');
    const sessions = await racingSessions(user, a.id, 'business');
    const order = firstIndex === 0 ? sessions : [...sessions].reverse();
    const paid: { subscription: string; customer: string }[] = [];
    for (const id of order) paid.push(await stripeControl<{ subscription: string; customer: string }>(`/_emulator/checkout/${id}/complete`, {}));
    await stripeControl('/_emulator/webhooks/wait', {});

    // The org keeps the subscription that existed first (within one second, the lower id: every event order agrees).
    const both = await Promise.all(paid.map((p) => stripe.subscriptions.retrieve(p.subscription)));
    const [kept, duplicate] = [...both].sort((x, y) => x.created - y.created || (x.id < y.id ? -1 : 1));
    const keptPlan = kept.metadata.planId;
    expect(keptPlan).toBe(kept.created < duplicate.created ? (firstIndex === 0 ? 'business' : 'professional') : keptPlan);
    const live = async () => (await stripe.subscriptions.list({ customer: paid[0].customer, status: 'all' })).data;
    const final = await eventually(live, (all) => all.filter((s) => s.status !== 'canceled').length === 1, 15_000);
    expect(final.filter((s) => s.status !== 'canceled').map((s) => s.id)).toEqual([kept.id]);
    expect(final.find((s) => s.id === duplicate.id)?.status).toBe('canceled');
    expect(final).toHaveLength(2);
    await waitForSubscription(user, (s) => s.planId === keptPlan && s.status === 'active');

    // Canceling the duplicate did not drop the org to explorer, and the cancellation is on record.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await getSubscription(user)).toMatchObject({ planId: keptPlan, status: 'active' });
    expect((await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token })).body.planId).toBe(keptPlan);
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: duplicateSubscriptionKey(user.orgId, duplicate.id), ConsistentRead: true }));
    expect(Item).toMatchObject({ subscriptionId: duplicate.id, keptSubscriptionId: kept.id, refund: 'prorated' });
  });
});

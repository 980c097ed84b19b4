import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { domainEvents, getSubscription, stripeControl, subscribe, waitForSubscription } from '../../infra/local/testing/billing';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { newUser } from '../../infra/local/testing/users';
import { signPayload } from '../../infra/local/stripe-emulator/webhooks';
import { stripeClientFor } from '../clients/stripe-factory';

const sample = readFileSync(path.join(__dirname, '..', '..', 'events', 'samples', 'stripe', 'invoice-paid.json'), 'utf8');
const stack = localStack();
const stripe = stripeClientFor('sk_test_argus_local', stack.stripe.apiUrl);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: stack.region, endpoint: stack.dynamodb.endpoint, credentials: stack.credentials }));

/** A sample event with a fresh id (its customer belongs to no org, so only the processed-marker shows it was queued). */
function freshEvent(): { id: string; body: string } {
  const id = `evt_test_${randomBytes(8).toString('hex')}`;
  return { id, body: sample.replace(/"id": "evt_[^"]+"/, `"id": "${id}"`) };
}
const post = (body: string, signature?: string) => api('/v1/webhooks/stripe', { rawBody: body, headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) } });
const processed = async (eventId: string) =>
  (await ddb.send(new GetCommand({ TableName: stack.dynamodb.tableName, Key: { PK: `STRIPEEVT#${eventId}`, SK: 'STRIPEEVT' } }))).Item !== undefined;

describe('POST /v1/webhooks/stripe', () => {
  it('queues a signed event and refuses unsigned, wrongly signed, tampered and stale ones with nothing queued', async () => {
    const secret = stack.stripe.webhookSecret;
    const bad = [freshEvent(), freshEvent(), freshEvent(), freshEvent()];
    const tampered = bad[2]!.body.replace('"amount_paid": 9900', '"amount_paid": 1');
    const answers = await Promise.all([
      post(bad[0]!.body),
      post(bad[1]!.body, signPayload(bad[1]!.body, 'whsec_not_ours')),
      post(tampered, signPayload(bad[2]!.body, secret)),
      post(bad[3]!.body, signPayload(bad[3]!.body, secret, Math.floor(Date.now() / 1000) - 301)),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_signature' });
    }
    const good = freshEvent();
    const ok = await post(good.body, signPayload(good.body, secret));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ received: true });
    expect(await eventually(() => processed(good.id), Boolean)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    for (const { id } of bad) expect(await processed(id)).toBe(false);
  });

  it('acknowledges event types it does not handle without queueing them', async () => {
    const { id, body } = freshEvent();
    const other = body.replace('"type": "invoice.paid"', '"type": "customer.updated"');
    const res = await post(other, signPayload(other, stack.stripe.webhookSecret));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await processed(id)).toBe(false);
  });
});

describe('duplicates and delivery order', () => {
  it('the same webhook delivered 3 times changes state and publishes events once', async () => {
    const user = await newUser();
    const { customer } = await subscribe(user, 'professional');
    const before = await getSubscription(user);
    const events = await stripe.events.list({ limit: 100 });
    const ours = events.data.filter((e) => (e.data.object as { customer?: string }).customer === customer);
    for (const type of ['invoice.paid', 'customer.subscription.created']) {
      const event = ours.find((e) => e.type === type)!;
      await stripeControl(`/_emulator/events/${event.id}/resend`, {});
      await stripeControl(`/_emulator/events/${event.id}/resend`, {});
    }
    await stripeControl('/_emulator/webhooks/wait', {});
    await new Promise((r) => setTimeout(r, 1000));
    expect(await getSubscription(user)).toEqual(before);
    expect(await domainEvents('invoice.paid', user.orgId)).toHaveLength(1);
    expect(await domainEvents('subscription.created', user.orgId)).toHaveLength(1);
    expect((await api(`/v1/orgs/${user.orgId}/invoices`, { token: user.token })).body.invoices).toHaveLength(1);
  });

  it('webhooks released in reverse order, each 3 times, end where Stripe is', async () => {
    const user = await newUser();
    const { subscription, customer } = await subscribe(user, 'professional');
    await stripeControl('/_emulator/webhooks/hold', { hold: true });
    try {
      expect((await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { planId: 'business' } })).status).toBe(200);
      expect((await api(`/v1/orgs/${user.orgId}/subscription`, { method: 'PATCH', token: user.token, body: { planId: 'enterprise' } })).status).toBe(200);
    } finally {
      const { pending } = await stripeControl<{ pending: Array<{ id: string }> }>('/_emulator/webhooks/pending');
      await stripeControl('/_emulator/webhooks/release', { order: pending.map((e) => e.id).reverse(), duplicates: 3 });
    }
    await stripeControl('/_emulator/webhooks/wait', {});
    const truth = await stripe.subscriptions.retrieve(subscription);
    const seat = truth.items.data.find((i) => i.price.recurring?.usage_type === 'licensed')!;
    const view = await waitForSubscription(user, (s) => s.planId === 'enterprise');
    expect(view).toEqual({
      planId: 'enterprise',
      interval: 'month',
      status: truth.status,
      currentPeriodStart: new Date(seat.current_period_start * 1000).toISOString(),
      currentPeriodEnd: new Date(seat.current_period_end * 1000).toISOString(),
      cancelAtPeriodEnd: truth.cancel_at_period_end,
      trialEnd: null,
      catalogVersion: 1,
    });
    const stripeInvoices = (await stripe.invoices.list({ customer, limit: 100 })).data;
    const mirrored = await eventually(() => api(`/v1/orgs/${user.orgId}/invoices`, { token: user.token }), (r) => r.body.invoices?.length === stripeInvoices.length);
    expect(mirrored.body.invoices.map((i: { id: string; status: string }) => [i.id, i.status]).sort()).toEqual(stripeInvoices.map((i) => [i.id, i.status]).sort());
    expect(await domainEvents('invoice.paid', user.orgId)).toHaveLength(stripeInvoices.filter((i) => i.status === 'paid').length);
    expect(await domainEvents('subscription.created', user.orgId)).toHaveLength(1);
  });
});

import '../../infra/local/testing/local-env';
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StripeEvent, StripeSubscription } from '../../events/stripe';
import { ddb, tableName } from '../db/client';
import { getOrg, orgToItem } from '../db/orgs';
import { applyStripeEvent } from './apply-stripe-event';
import type { StripeEventPorts } from './stripe-event-ports';

/**
 * An org canceled subscription A, later subscribed again (B) and canceled B too. A webhook of A's live days that
 * arrives last (a Stripe retry hours later, or `npx argus dlq redrive --queue webhooks`) must not bring the paid plan
 * back: A ended before B was created, so its live state is stale.
 */
const sub = (id: string, status: StripeSubscription['status'], created: number): StripeSubscription => ({
  id,
  object: 'subscription',
  customer: 'cus_resub',
  status,
  created,
  billing_cycle_anchor: created,
  cancel_at_period_end: false,
  metadata: {},
  items: { data: [{ id: `si_${id}`, price: { id: 'price_pro', lookup_key: 'argus_professional_month', metadata: {} }, current_period_start: created, current_period_end: created + 30 * 86_400 }] },
});
const event = (id: string, type: 'customer.subscription.created' | 'customer.subscription.deleted', object: StripeSubscription, created: number) =>
  ({ id, object: 'event', type, created, data: { object } }) as StripeEvent;

const t0 = 1_780_000_000;
const lifeOfA = [event('evt_a1', 'customer.subscription.created', sub('sub_a', 'active', t0), t0), event('evt_a2', 'customer.subscription.deleted', sub('sub_a', 'canceled', t0), t0 + 1_000)];
const lifeOfB = [event('evt_b1', 'customer.subscription.created', sub('sub_b', 'active', t0 + 2_000), t0 + 2_000), event('evt_b2', 'customer.subscription.deleted', sub('sub_b', 'canceled', t0 + 2_000), t0 + 3_000)];
/** Stripe now: both ended. */
const stripeNow = new Map([['sub_a', sub('sub_a', 'canceled', t0)], ['sub_b', sub('sub_b', 'canceled', t0 + 2_000)]]);

async function deliver(order: StripeEvent[]) {
  const orgId = `org_resub_${randomBytes(6).toString('hex')}`;
  await ddb.send(new PutCommand({ TableName: tableName, Item: orgToItem({ id: orgId, name: 'Resub', slug: orgId, planId: 'explorer', createdAt: new Date().toISOString() }) }));
  const ports: StripeEventPorts = { orgForCustomer: async () => orgId, fetchSubscription: async (id) => stripeNow.get(id), cancelDuplicateSubscription: async () => undefined, publish: async () => undefined };
  for (const e of order) await applyStripeEvent(e, ports);
  const org = await getOrg(orgId);
  return { planId: org?.planId, subscriptionStatus: org?.subscriptionStatus };
}

describe('webhook convergence across two subscriptions of one org', () => {
  it('a stale live state of an older, ended subscription arriving last leaves the org on explorer', async () => {
    const inOrder = await deliver([...lifeOfA, ...lifeOfB]);
    expect(inOrder).toEqual({ planId: 'explorer', subscriptionStatus: undefined });
    expect(await deliver([lifeOfA[1], ...lifeOfB, lifeOfA[0]])).toEqual(inOrder);
    expect(await deliver([...lifeOfB, ...lifeOfA])).toEqual(inOrder);
  });

  it('an older subscription that Stripe says is still live is applied (re-fetched, not guessed)', async () => {
    stripeNow.set('sub_a', sub('sub_a', 'active', t0));
    try {
      expect(await deliver([...lifeOfB, lifeOfA[0]])).toEqual({ planId: 'professional', subscriptionStatus: 'active' });
    } finally {
      stripeNow.set('sub_a', sub('sub_a', 'canceled', t0));
    }
  });
});

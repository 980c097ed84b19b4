import '../../infra/local/testing/local-env';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { StripeEvent, StripeSubscription } from '../../events/stripe';
import type { StripeEventPorts } from './stripe-event-ports';

/**
 * Property: whatever order and however many times the webhooks of a subscription's life arrive, the table ends in the
 * state in-order delivery gives, and each domain event is published once. Runs the processor's domain function
 * (applyStripeEvent) directly against the stack's DynamoDB Local with the recorded lifecycle in
 * events/samples/stripe/lifecycle.json (checkout, upgrade, failed renewal, recovery, cancel at period end, end).
 * Each run takes a prefix of the life (Stripe's state at some moment), shuffles it with duplicates, and compares.
 */

type Modules = {
  schema: typeof import('../../events/stripe');
  apply: typeof import('./apply-stripe-event');
  subs: typeof import('../db/subscriptions');
  invoices: typeof import('../db/invoices');
  orgs: typeof import('../db/orgs');
  client: typeof import('../db/client');
  lib: typeof import('@aws-sdk/lib-dynamodb');
};
let m: Modules;
let lifecycle: StripeEvent[];

beforeAll(async () => {
  m = {
    schema: await import('../../events/stripe'),
    apply: await import('./apply-stripe-event'),
    subs: await import('../db/subscriptions'),
    invoices: await import('../db/invoices'),
    orgs: await import('../db/orgs'),
    client: await import('../db/client'),
    lib: await import('@aws-sdk/lib-dynamodb'),
  };
  const raw = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'events', 'samples', 'stripe', 'lifecycle.json'), 'utf8')) as unknown[];
  lifecycle = raw.map((e) => m.schema.stripeEventSchema.parse(e));
});

interface Outcome {
  subscription: unknown;
  org: unknown;
  invoices: unknown;
  published: string[];
}

/** Applies `order` (indexes into the first `prefix` events) to a fresh org; Stripe's "current" state is the prefix's last. */
async function run(prefix: number, order: number[]): Promise<Outcome> {
  const orgId = `org_prop_${randomBytes(6).toString('hex')}`;
  await m.client.ddb.send(new m.lib.PutCommand({ TableName: m.client.tableName, Item: m.orgs.orgToItem({ id: orgId, name: 'Prop', slug: orgId, planId: 'explorer', createdAt: new Date().toISOString() }) }));
  const seen = lifecycle.slice(0, prefix);
  const published: string[] = [];
  const ports: StripeEventPorts = {
    orgForCustomer: async () => orgId,
    fetchSubscription: async (id) => [...seen].reverse().map((e) => e.data.object).find((o): o is StripeSubscription => o.object === 'subscription' && o.id === id),
    // One subscription in the recorded lifecycle: there is never a duplicate to cancel.
    cancelDuplicateSubscription: async (id) => {
      throw new Error(`unexpected duplicate ${id}`);
    },
    publish: async (type, detail) => void published.push(`${type}:${JSON.stringify({ ...detail, orgId: undefined })}`.replace(/"currentPeriod(Start|End)":"[^"]*",?/g, '')),
  };
  for (const index of order) await m.apply.applyStripeEvent(seen[index]!, ports);
  const record = await m.subs.getSubscriptionRecord(orgId);
  const org = await m.orgs.getOrg(orgId);
  const { version: _v, orgId: _o, ...subscription } = record ?? ({} as Record<string, unknown>);
  const invoices = (await m.invoices.listInvoiceRecords(orgId)).map(({ orgId: _x, ...rest }) => rest);
  return {
    subscription,
    org: { planId: org?.planId, subscriptionStatus: org?.subscriptionStatus, pastDueSince: org?.pastDueSince, billingAnchor: org?.billingAnchor },
    invoices,
    published: published.map((p) => p.replace(/^(subscription\.(updated|created|canceled)):.*/, '$1')).sort(),
  };
}

const baselines = new Map<number, Promise<Outcome>>();
const inOrder = (prefix: number) => {
  if (!baselines.has(prefix)) baselines.set(prefix, run(prefix, [...Array(prefix).keys()]));
  return baselines.get(prefix)!;
};

describe('webhook convergence (property)', () => {
  it('the recorded lifecycle covers created, updates, past_due, recovery and the end', () => {
    const statuses = lifecycle.filter((e) => e.data.object.object === 'subscription').map((e) => (e.data.object as StripeSubscription).status);
    expect(new Set(statuses)).toEqual(new Set(['active', 'past_due', 'canceled']));
  });

  it('any order with any duplicates of any prefix ends like in-order delivery, publishing each event once', async () => {
    const scenario = fc
      .integer({ min: 1, max: 17 })
      .chain((prefix) =>
        fc.record({
          prefix: fc.constant(Math.min(prefix, lifecycle.length)),
          order: fc.shuffledSubarray([...Array(Math.min(prefix, lifecycle.length)).keys()], { minLength: Math.min(prefix, lifecycle.length) }),
          duplicates: fc.array(fc.nat({ max: Math.min(prefix, lifecycle.length) - 1 }), { maxLength: 6 }),
          positions: fc.array(fc.nat(), { maxLength: 6 }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ prefix, order, duplicates, positions }) => {
        const delivery = [...order];
        duplicates.forEach((index, i) => delivery.splice((positions[i] ?? 0) % (delivery.length + 1), 0, index));
        const [expected, actual] = [await inOrder(prefix), await run(prefix, delivery)];
        expect(actual).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('in order, the whole life publishes each domain event once', async () => {
    const outcome = await inOrder(lifecycle.length);
    const count = (p: string) => outcome.published.filter((x) => x.startsWith(p)).length;
    expect(count('subscription.created')).toBe(1);
    expect(count('subscription.canceled')).toBe(1);
    expect(count('subscription.updated')).toBe(lifecycle.filter((e) => e.type === 'customer.subscription.updated').length);
    expect(count('invoice.paid')).toBe(new Set(lifecycle.filter((e) => e.type === 'invoice.paid').map((e) => e.data.object.id)).size);
    expect(count('invoice.payment_failed')).toBe(1);
    expect(outcome.org).toEqual({ planId: 'explorer', subscriptionStatus: undefined, pastDueSince: undefined, billingAnchor: undefined });
  });
});

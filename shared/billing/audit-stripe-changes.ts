import type { StripeInvoiceEvent, StripeSubscriptionEvent } from '../../events/stripe';
import { auditOnce } from '../audit/audit-once';
import type { AuditActor } from '../audit/audit-log';
import type { InvoiceRecord } from '../db/invoices';
import type { SubscriptionRecord } from '../db/subscriptions';
import { contractStatus } from './subscription-state';
import { subscriptionChange } from './subscription-change';

/**
 * The audit entries of Stripe-driven changes (CONTRACT §3 "Audit log"), actor `{ type: 'stripe', id: <event id> }`.
 * Each is written once per change it names (shared/audit/audit-once.ts), so duplicate and shuffled webhooks leave
 * exactly one entry: `subscription.created` once per subscription (on its `created` event), `subscription.canceled`
 * once per subscription (the first state that shows it ended), `subscription.changed` once per update event that changed the
 * plan, the status or the cancellation (a renewal only moves the period: not a change anyone made), `invoice.paid`
 * once per invoice, `invoice.payment_failed` once per failed attempt. Entries carry the Stripe event's time.
 */
const stripeActor = (eventId: string): AuditActor => ({ type: 'stripe', id: eventId });
const eventTime = (created: number) => new Date(created * 1000);

function subscriptionDetails(state: Omit<SubscriptionRecord, 'version'>) {
  return { subscriptionId: state.subscriptionId, planId: state.planId, status: contractStatus(state.status), cancelAtPeriodEnd: state.cancelAtPeriodEnd || state.cancelAt !== null };
}

export async function auditSubscriptionEvent(orgId: string, event: StripeSubscriptionEvent, state: Omit<SubscriptionRecord, 'version'>, ended: boolean): Promise<void> {
  const sub = event.data.object;
  const base = { orgId, actor: stripeActor(event.id), target: `subscription:${sub.id}`, at: eventTime(event.created) };
  const details = subscriptionDetails(state);
  // Stripe sends one `created` event per subscription (its duplicates are the same event): recording on that event
  // alone keeps the other events of the lifecycle free of a write that could only find the marker.
  if (event.type === 'customer.subscription.created') await auditOnce(`subscription.created#${sub.id}`, { ...base, action: 'subscription.created', details });
  if (event.type === 'customer.subscription.updated') {
    const change = subscriptionChange(event);
    if (change) await auditOnce(`subscription.changed#${event.id}`, { ...base, action: 'subscription.changed', details: { ...details, ...change } });
  }
  if (ended) await auditOnce(`subscription.canceled#${sub.id}`, { ...base, action: 'subscription.canceled', details: { ...details, status: 'canceled' } });
}

export async function auditInvoiceEvent(orgId: string, event: StripeInvoiceEvent, record: InvoiceRecord): Promise<void> {
  const base = { orgId, actor: stripeActor(event.id), target: `invoice:${record.invoiceId}`, at: eventTime(event.created) };
  const details = {
    number: record.number,
    subscriptionId: record.subscriptionId,
    // Plain minor units and Stripe's currency: recording never fails on an amount the views would refuse.
    amountDue: { amount: record.amountDue, currency: record.currency },
    amountPaid: { amount: record.amountPaid, currency: record.currency },
  };
  if (event.type === 'invoice.paid') await auditOnce(`invoice.paid#${record.invoiceId}`, { ...base, action: 'invoice.paid', details });
  if (event.type === 'invoice.payment_failed') {
    await auditOnce(`invoice.payment_failed#${record.invoiceId}#${record.attemptCount}`, { ...base, action: 'invoice.payment_failed', details: { ...details, attemptCount: record.attemptCount } });
  }
}

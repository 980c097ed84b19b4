import type { StripeSubscription, StripeSubscriptionEvent } from '../../events/stripe';
import { planIdOf } from './subscription-state';

/** What an update event changed that the log records (plan, status, cancellation), or undefined for none of these. */
export function subscriptionChange(event: StripeSubscriptionEvent): Record<string, unknown> | undefined {
  const previous = (event.data as { previous_attributes?: Record<string, unknown> }).previous_attributes;
  // Without Stripe's previous values the event cannot tell what moved: record it rather than miss a change.
  if (!previous) return {};
  const sub = event.data.object;
  const change: Record<string, unknown> = {};
  if ('status' in previous) change.previousStatus = previous.status;
  if ('cancel_at_period_end' in previous || 'cancel_at' in previous) change.previousCancelAtPeriodEnd = Boolean(previous.cancel_at_period_end ?? previous.cancel_at);
  const items = previous.items as { data?: Array<{ price?: { id?: string } }> } | undefined;
  if (items?.data) {
    const before = items.data.map((i) => i.price?.id).sort().join(',');
    const now = sub.items.data.map((i) => i.price.id).sort().join(',');
    if (before !== now) {
      const priorPlan = planIdOf({ ...sub, items: { ...sub.items, data: items.data as StripeSubscription['items']['data'] } });
      change.previousPlanId = priorPlan ?? null;
    }
  }
  return Object.keys(change).length > 0 ? change : undefined;
}

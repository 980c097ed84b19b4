import { stripeClient } from '../clients/stripe';
import type { Money } from '../usage/pricing';
import { liveSubscription, planChangeItems } from './current-subscription';
import { findPlan } from '../plans/catalog';
import { stripeMoney } from './money';
import type { BillingInterval } from './stripe-catalog';
import { requireOrg } from './stripe-customer';
import { subscriptionInterval } from './subscription-items';

export interface PlanChangePreview {
  amountDue: Money;
  lines: Array<{ description: string; amount: Money }>;
}

/**
 * What changing to `planId` (billed every `interval`, default the current one) now would charge: Stripe's proration
 * preview, invoiced at once as the change would be. During a trial nothing is charged now: the answer is 0 with one
 * line saying what the subscription becomes when the trial ends.
 */
export async function previewPlanChange(orgId: string, planId: string, interval?: BillingInterval): Promise<PlanChangePreview> {
  const stripe = await stripeClient();
  const sub = await liveSubscription(stripe, orgId);
  const org = await requireOrg(orgId);
  const target = interval ?? subscriptionInterval(sub.items.data);
  const items = await planChangeItems(stripe, sub, planId, target, org.memberCount ?? 0);
  if (items.length === 0) return { amountDue: stripeMoney(0, sub.currency), lines: [] };
  if (sub.status === 'trialing' && sub.trial_end) return trialPreview(planId, target, sub.trial_end, sub.currency);
  const preview = await stripe.invoices.createPreview({
    customer: typeof sub.customer === 'string' ? sub.customer : sub.customer.id,
    subscription: sub.id,
    subscription_details: { items, proration_behavior: 'always_invoice' },
  });
  return {
    amountDue: stripeMoney(preview.amount_due, preview.currency),
    lines: preview.lines.data.map((line) => ({ description: line.description ?? '', amount: stripeMoney(line.amount, line.currency) })),
  };
}

function trialPreview(planId: string, interval: BillingInterval, trialEnd: number, currency: string): PlanChangePreview {
  const plan = findPlan(planId)!;
  const price = plan.prices.find((p) => p.interval === interval)!;
  const dollars = (price.amount / 100).toLocaleString('en-US', { style: 'currency', currency: price.currency });
  const date = new Date(trialEnd * 1000).toISOString().slice(0, 10);
  return {
    amountDue: stripeMoney(0, currency),
    lines: [{ description: `Trial: ${plan.name} (${dollars} per ${interval}) from the end of the trial on ${date}`, amount: stripeMoney(0, currency) }],
  };
}

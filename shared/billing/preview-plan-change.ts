import { stripeClient } from '../clients/stripe';
import type { Money } from '../usage/pricing';
import { liveSubscription, planChangeItems } from './current-subscription';
import { stripeMoney } from './money';

export interface PlanChangePreview {
  amountDue: Money;
  lines: Array<{ description: string; amount: Money }>;
}

/** What changing to `planId` now would charge: Stripe's proration preview, invoiced at once as the change would be. */
export async function previewPlanChange(orgId: string, planId: string): Promise<PlanChangePreview> {
  const stripe = await stripeClient();
  const sub = await liveSubscription(stripe, orgId);
  const items = await planChangeItems(stripe, sub, planId);
  if (items.length === 0) return { amountDue: stripeMoney(0, sub.currency), lines: [] };
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

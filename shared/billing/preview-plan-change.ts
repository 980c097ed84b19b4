import { stripeClient } from '../clients/stripe';
import { liveSubscription, planChangeItems } from './current-subscription';

export interface PlanChangePreview {
  amountDue: number;
  currency: string;
  lines: Array<{ description: string; amount: number }>;
}

/** What changing to `planId` now would charge: Stripe's proration preview, invoiced at once as the change would be. */
export async function previewPlanChange(orgId: string, planId: string): Promise<PlanChangePreview> {
  const stripe = await stripeClient();
  const sub = await liveSubscription(stripe, orgId);
  const items = await planChangeItems(stripe, sub, planId);
  if (items.length === 0) return { amountDue: 0, currency: sub.currency, lines: [] };
  const preview = await stripe.invoices.createPreview({
    customer: typeof sub.customer === 'string' ? sub.customer : sub.customer.id,
    subscription: sub.id,
    subscription_details: { items, proration_behavior: 'always_invoice' },
  });
  return {
    amountDue: preview.amount_due,
    currency: preview.currency,
    lines: preview.lines.data.map((line) => ({ description: line.description ?? '', amount: line.amount })),
  };
}

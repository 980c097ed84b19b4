import type Stripe from 'stripe';
import { stripeClient } from '../clients/stripe';
import { getOrg } from '../db/orgs';
import { getSubscriptionRecord } from '../db/subscriptions';
import { NotFoundError } from '../errors';
import { findPlan, type Metric } from '../plans/catalog';
import { placedPeriodAt } from '../usage/org-periods';
import { billableUsage, readPeriodCounters } from '../usage/read-usage';
import { stripeMoney } from './money';
import { describePrice } from './stripe-catalog';
import { isEnded } from './subscription-convergence';
import { usageCharge } from './upcoming-usage';
import type { Money } from '../usage/pricing';

export interface UpcomingInvoiceLine {
  description: string;
  quantity: number | null;
  amount: Money;
  periodStart: string;
  periodEnd: string;
}

export interface UpcomingInvoice {
  amountDue: Money;
  periodStart: string;
  periodEnd: string;
  lines: UpcomingInvoiceLine[];
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/**
 * `GET .../invoices/upcoming` (CONTRACT §3): the org's next invoice as it stands now. Stripe's preview of it (the
 * next period's plan price, pending prorations, usage its meters hold) with each usage line brought up to Argus's own
 * counters, since the meter sink reports every few minutes and the preview would otherwise miss what it has not sent
 * yet, with credits applied as the sink applies them (only usage no credit paid for is billed). Priced like the invoice
 * will be (upcoming-usage.ts), so once the sink has reported, the renewal bills this.
 * An org with no live paid subscription has no upcoming invoice (404).
 */
export async function upcomingInvoice(orgId: string): Promise<UpcomingInvoice> {
  const [org, record] = await Promise.all([getOrg(orgId), getSubscriptionRecord(orgId)]);
  if (!org || !record || isEnded(record.status)) throw new NotFoundError('No upcoming invoice: the org has no paid subscription');
  const stripe = await stripeClient();
  const [preview, sub] = await Promise.all([
    stripe.invoices.createPreview({ customer: record.customerId, subscription: record.subscriptionId }),
    stripe.subscriptions.retrieve(record.subscriptionId),
  ]);
  const metricOfPrice = new Map<string, Metric>();
  for (const item of sub.items.data) {
    const described = describePrice(item.price);
    if (described?.kind === 'overage' && described.metric) metricOfPrice.set(item.price.id, described.metric);
  }
  // The usage lines bill the period the preview closes: Argus's counters of that period, by the plan in force in it.
  const placed = placedPeriodAt(org, new Date(preview.period_start * 1000));
  const plan = findPlan(placed.planId) ?? findPlan(record.planId);
  const counters = await readPeriodCounters(orgId, placed.start);
  let delta = 0;
  const lines = preview.lines.data.map((line): UpcomingInvoiceLine => {
    const base = {
      description: line.description ?? '',
      quantity: line.quantity ?? null,
      amount: stripeMoney(line.amount, line.currency),
      periodStart: iso(line.period.start),
      periodEnd: iso(line.period.end),
    };
    const metric = metricOfPrice.get(linePriceId(line) ?? '');
    if (!metric || !plan) return base;
    // What the meter sink sends: usage no credit paid for (overage billed = usage - included - credits, never below 0).
    const counter = counters.get(metric);
    const charge = usageCharge(metric, plan.metrics[metric], counter ? billableUsage(counter) : 0, line.quantity ?? 0);
    if (charge.quantity === line.quantity && charge.amount.amount === line.amount) return base;
    delta += charge.amount.amount - line.amount;
    return { ...base, description: requantified(base.description, line.quantity, charge.quantity), quantity: charge.quantity, amount: charge.amount };
  });
  // Unchanged lines keep Stripe's figure; otherwise the customer's balance (a credit is negative) applies to the new
  // total as it did to the preview's.
  const amountDue = delta === 0 ? preview.amount_due : Math.max(0, preview.total + delta + Math.min(0, preview.starting_balance ?? 0));
  return { amountDue: stripeMoney(amountDue, preview.currency), periodStart: iso(preview.period_start), periodEnd: iso(preview.period_end), lines };
}

function linePriceId(line: Stripe.InvoiceLineItem): string | undefined {
  const details = (line as unknown as { pricing?: { price_details?: { price?: string | { id: string } } | null } }).pricing?.price_details;
  const price = details?.price;
  return typeof price === 'string' ? price : price?.id;
}

/** Stripe's usage lines start with the quantity (`1200 × …`): the line now shows the counted one. */
function requantified(description: string, from: number | null, to: number): string {
  if (from === null) return description;
  const prefix = `${from} × `;
  return description.startsWith(prefix) ? `${to} × ${description.slice(prefix.length)}` : description;
}

import StripeSdk from 'stripe';
import { meterEventName, perUnitDecimal } from '../billing/stripe-catalog';
import type { Stripe } from '../clients/stripe';
import type { MetricAllowance } from '../plans/catalog-schema';
import type { Metric } from '../plans/catalog-schema';
import type { Rejection } from './meter-mark';
import type { BillingPeriod } from './period';

/**
 * The Stripe calls of the meter sink, each one function: where a period's usage can still go (its meter, or an
 * invoice item because its invoice is final), the sends, and the checks that say whether an earlier send arrived.
 */

export const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid']);
/** Stripe takes meter events up to 35 days old; past that (with a margin) only an invoice item can bill the usage. */
const METER_BACKDATE_LIMIT_S = 35 * 86_400 - 3_600;

/**
 * Where a period's usage is billed now:
 * - `meter`: the period's invoice is not final yet (or the period is running): meter events with a timestamp in it;
 * - `late`: its invoice is final and the subscription lives on: invoice items on the subscription's next invoice;
 * - `final`: the subscription ended: invoice items plus an invoice of their own;
 * - `none`: no subscription was in force during the period (nothing to bill it under).
 */
export type Channel = { kind: 'meter' } | { kind: 'late'; subscription: string } | { kind: 'final' } | { kind: 'none'; reason: string };

const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function billingChannel(stripe: Stripe, customer: string, period: BillingPeriod, now: Date, subscribedNow: boolean): Promise<Channel> {
  const nowS = Math.floor(now.getTime() / 1000);
  const [start, end] = [sec(period.start), sec(period.end)];
  // The common case costs no Stripe call: a running period of an org whose subscription the table reads as live.
  if (nowS < end && subscribedNow) return { kind: 'meter' };
  const subs = (await stripe.subscriptions.list({ customer, status: 'all', limit: 20 })).data;
  const inForce = subs.filter((s) => s.start_date < end && (s.ended_at === null || s.ended_at === undefined || s.ended_at > start));
  if (inForce.length === 0) return { kind: 'none', reason: 'no subscription in force during the period' };
  const live = subs.find((s) => LIVE_STATUSES.has(s.status));
  if (nowS < end) return live ? { kind: 'meter' } : { kind: 'final' };
  // Invoices created from a day before the period's end: the one that bills it is among them, however many came before.
  const invoices = (await stripe.invoices.list({ customer, created: { gte: end - 86_400 }, limit: 100 })).data;
  // The invoice that bills the period's metered usage: the renewal (or final) invoice whose usage period ends with it.
  const final = invoices.some((i) => i.status !== 'draft' && i.period_end > i.period_start && i.period_start < end && i.period_end >= end - 60);
  if (!final && live && nowS - end < METER_BACKDATE_LIMIT_S) return { kind: 'meter' };
  return live ? { kind: 'late', subscription: live.id } : { kind: 'final' };
}

export interface MeterSend {
  customer: string;
  metric: Metric;
  period: BillingPeriod;
  identifier: string;
  value: number;
}

/** A meter event stamped inside the period (never before its start, should Stripe's clock run ahead of ours). */
export async function sendMeterEvent(stripe: Stripe, send: MeterSend, now: Date): Promise<'sent' | 'already_there'> {
  const timestamp = Math.floor(Math.max(Date.parse(send.period.start), Math.min(now.getTime(), Date.parse(send.period.end) - 1000)) / 1000);
  try {
    await stripe.billing.meterEvents.create({ event_name: meterEventName(send.metric), identifier: send.identifier, timestamp, payload: { stripe_customer_id: send.customer, value: String(send.value) } });
    return 'sent';
  } catch (error) {
    if (/already exists with identifier/i.test(messageOf(error))) return 'already_there';
    throw error;
  }
}

/** What Stripe's meter holds for the customer in the period: a `sum` meter's total, a `last` meter's last level. */
export async function meterSummary(stripe: Stripe, customer: string, metric: Metric, period: BillingPeriod): Promise<number> {
  const meter = (await stripe.billing.meters.list({ status: 'active', limit: 100 })).data.find((m) => m.event_name === meterEventName(metric));
  if (!meter) throw new Error(`no active Stripe meter ${meterEventName(metric)}`);
  const page = await stripe.billing.meters.listEventSummaries(meter.id, { customer, start_time: sec(period.start), end_time: sec(period.end) });
  return page.data.reduce((sum, s) => sum + s.aggregated_value, 0);
}

export interface LateItem {
  customer: string;
  subscription?: string;
  metric: Metric;
  period: BillingPeriod;
  identifier: string;
  units: number;
  allowance: MetricAllowance;
  kind: 'late' | 'final';
}

/**
 * One invoice item for usage its period's invoice no longer bills, priced at the plan's overage rate and saying so on
 * the invoice. The identifier goes in the metadata (found again by `lateItemExists` at any age) and in the idempotency key.
 */
export async function createLateItem(stripe: Stripe, item: LateItem): Promise<void> {
  const dates = `${item.period.start.slice(0, 10)} – ${item.period.end.slice(0, 10)}`;
  await stripe.invoiceItems.create(
    {
      customer: item.customer,
      ...(item.subscription ? { subscription: item.subscription } : {}),
      currency: 'usd',
      description: `${item.kind === 'late' ? 'Late usage' : 'Final usage'}: ${item.metric} for ${dates}`,
      quantity: item.units,
      unit_amount_decimal: StripeSdk.Decimal.from(perUnitDecimal(item.allowance)),
      period: { start: sec(item.period.start), end: sec(item.period.end) - 1 },
      metadata: { argus_send: item.identifier, argus_metric: item.metric, argus_period_start: item.period.start },
    },
    { idempotencyKey: `argus-late-${item.identifier}` },
  );
}

export async function lateItemExists(stripe: Stripe, customer: string, identifier: string, since: Date): Promise<boolean> {
  for await (const item of stripe.invoiceItems.list({ customer, created: { gte: Math.floor(since.getTime() / 1000) - 300 }, limit: 100 })) {
    if (item.metadata?.argus_send === identifier) return true;
  }
  return false;
}

/** Bills an ended subscription's final usage items at once: an invoice of the customer's pending items, finalized. */
export async function invoicePendingItems(stripe: Stripe, customer: string): Promise<string | undefined> {
  const pending = await stripe.invoiceItems.list({ customer, pending: true, limit: 100 });
  if (!pending.data.some((i) => i.metadata?.argus_send)) return undefined;
  const invoice = await stripe.invoices.create({ customer, pending_invoice_items_behavior: 'include', auto_advance: true, description: 'Final usage of an ended subscription' });
  await stripe.invoices.finalizeInvoice(invoice.id!);
  return invoice.id;
}

/**
 * A refusal no retry changes: a 4xx other than 429 (rate limit), 409 (a lock or idempotency race) and the duplicate
 * identifier (which means success). Everything else (5xx, network) is retried by the next run.
 */
export function permanentRejection(error: unknown): Rejection | undefined {
  const e = error as { statusCode?: number; code?: string; message?: string };
  const status = e?.statusCode;
  if (status === undefined || status < 400 || status >= 500 || status === 429 || status === 409) return undefined;
  if (e.code === 'lock_timeout' || e.code === 'rate_limit') return undefined;
  return { reason: messageOf(error).slice(0, 500), code: e.code, status };
}

function messageOf(error: unknown): string {
  const e = error as { message?: string; raw?: { message?: string } };
  return e?.message ?? e?.raw?.message ?? '';
}

import { z } from 'zod';

/**
 * The Stripe webhook events Argus handles (API version 2026-10-28 of stripe@23): only the fields the billing code
 * reads are checked; everything else passes through untouched. Period fields live on subscription items;
 * an invoice names its subscription under `parent.subscription_details`.
 */
const epoch = z.number().int();
const metadata = z.record(z.string(), z.string()).nullish().transform((m) => m ?? {});
const idOf = z.union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)]);

export const STRIPE_SUBSCRIPTION_STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;

export const stripePriceSchema = z.looseObject({
  id: z.string(),
  lookup_key: z.string().nullish(),
  metadata,
  recurring: z.looseObject({ usage_type: z.enum(['licensed', 'metered']), interval: z.string().optional() }).nullish(),
});

export const stripeSubscriptionSchema = z.looseObject({
  id: z.string(),
  object: z.literal('subscription'),
  customer: idOf,
  status: z.enum(STRIPE_SUBSCRIPTION_STATUSES),
  created: epoch,
  /** When the subscription started (Stripe always sends it; `created` stands in where a fixture lacks it). */
  start_date: epoch.nullish(),
  /** When it ended (canceled, expired): explorer's periods resume here. */
  ended_at: epoch.nullish(),
  /** What periods repeat from (Stripe clamps an anchor on the 31st to shorter months and returns to the 31st after). */
  billing_cycle_anchor: epoch.nullish(),
  cancel_at_period_end: z.boolean(),
  cancel_at: epoch.nullish(),
  trial_end: epoch.nullish(),
  metadata,
  items: z.looseObject({
    data: z.array(
      z.looseObject({
        id: z.string(),
        price: stripePriceSchema,
        quantity: z.number().int().optional(),
        current_period_start: epoch,
        current_period_end: epoch,
      }),
    ),
  }),
});
export type StripeSubscription = z.infer<typeof stripeSubscriptionSchema>;

export const STRIPE_INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

export const stripeInvoiceSchema = z.looseObject({
  id: z.string(),
  object: z.literal('invoice'),
  customer: idOf,
  status: z.enum(STRIPE_INVOICE_STATUSES),
  number: z.string().nullish(),
  currency: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  attempt_count: z.number().int(),
  period_start: epoch,
  period_end: epoch,
  created: epoch,
  hosted_invoice_url: z.string().nullish(),
  invoice_pdf: z.string().nullish(),
  /** The lines as the event carries them (Stripe embeds the first page of an invoice's lines). */
  lines: z
    .looseObject({
      data: z.array(
        z.looseObject({
          description: z.string().nullish(),
          quantity: z.number().nullish(),
          amount: z.number().int(),
          currency: z.string(),
          period: z.looseObject({ start: epoch, end: epoch }),
        }),
      ),
      has_more: z.boolean().optional(),
    })
    .optional(),
  parent: z
    .looseObject({ subscription_details: z.looseObject({ subscription: idOf.nullish(), metadata }).nullish() })
    .nullish(),
});
export type StripeInvoice = z.infer<typeof stripeInvoiceSchema>;

/** A Checkout Session as its events carry it: credit packs are bought in payment mode (CONTRACT §3 "Credits"). */
export const stripeCheckoutSessionSchema = z.looseObject({
  id: z.string(),
  object: z.literal('checkout.session'),
  mode: z.enum(['payment', 'setup', 'subscription']),
  status: z.enum(['open', 'complete', 'expired']).nullish(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  customer: idOf.nullish(),
  client_reference_id: z.string().nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  metadata,
  created: epoch,
});
export type StripeCheckoutSession = z.infer<typeof stripeCheckoutSessionSchema>;

export const CHECKOUT_EVENT_TYPES = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'] as const;

export const SUBSCRIPTION_EVENT_TYPES = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
] as const;
export const INVOICE_EVENT_TYPES = [
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.marked_uncollectible',
] as const;
/** The allow-list: anything else is acknowledged and dropped at the webhook endpoint. */
export const HANDLED_STRIPE_EVENT_TYPES: readonly string[] = [...SUBSCRIPTION_EVENT_TYPES, ...INVOICE_EVENT_TYPES, ...CHECKOUT_EVENT_TYPES];

const envelope = { id: z.string(), object: z.literal('event'), created: epoch, livemode: z.boolean().optional() };

export const stripeEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...envelope, type: z.enum(SUBSCRIPTION_EVENT_TYPES), data: z.looseObject({ object: stripeSubscriptionSchema }) }),
  z.looseObject({ ...envelope, type: z.enum(INVOICE_EVENT_TYPES), data: z.looseObject({ object: stripeInvoiceSchema }) }),
  z.looseObject({ ...envelope, type: z.enum(CHECKOUT_EVENT_TYPES), data: z.looseObject({ object: stripeCheckoutSessionSchema }) }),
]);
export type StripeEvent = z.infer<typeof stripeEventSchema>;
export type StripeSubscriptionEvent = Extract<StripeEvent, { data: { object: { object: 'subscription' } } }>;
export type StripeInvoiceEvent = Extract<StripeEvent, { data: { object: { object: 'invoice' } } }>;
export type StripeCheckoutEvent = Extract<StripeEvent, { data: { object: { object: 'checkout.session' } } }>;

/** The Stripe customer an event is about: the FIFO message group, so one customer's events are applied one at a time. */
export function eventCustomerId(event: { data: { object: unknown } }): string | undefined {
  const customer = (event.data.object as { customer?: unknown }).customer;
  if (typeof customer === 'string') return customer;
  if (customer && typeof customer === 'object' && typeof (customer as { id?: unknown }).id === 'string') return (customer as { id: string }).id;
  return undefined;
}

export function invoiceSubscriptionId(invoice: StripeInvoice): string | null {
  return invoice.parent?.subscription_details?.subscription ?? null;
}

import { z } from 'zod';

/** Domain events on the EventBridge bus (CONTRACT §5). `source` is always `argus`; `detail-type` is the event name. */
export const DOMAIN_EVENT_SOURCE = 'argus';

const iso = z.iso.datetime({ offset: true });

const subscriptionDetail = z.object({
  orgId: z.string(),
  subscriptionId: z.string(),
  planId: z.string(),
  status: z.enum(['active', 'trialing', 'past_due', 'canceled', 'unpaid', 'incomplete']),
  currentPeriodStart: iso.nullable(),
  currentPeriodEnd: iso.nullable(),
  cancelAtPeriodEnd: z.boolean(),
});

const invoiceDetail = z.object({
  orgId: z.string(),
  invoiceId: z.string(),
  subscriptionId: z.string().nullable(),
  amountDue: z.number().int(),
  amountPaid: z.number().int(),
  currency: z.string(),
});

export const domainEventSchemas = {
  'subscription.created': subscriptionDetail,
  'subscription.updated': subscriptionDetail,
  'subscription.canceled': subscriptionDetail,
  'invoice.paid': invoiceDetail,
  'invoice.payment_failed': invoiceDetail,
  'usage.threshold_crossed': z.object({
    orgId: z.string(),
    metric: z.string(),
    threshold: z.union([z.literal(80), z.literal(100), z.literal(120)]),
    used: z.number(),
    included: z.number(),
    periodStart: iso,
  }),
  'credits.granted': z.object({
    orgId: z.string(),
    grantId: z.string(),
    metric: z.string(),
    quantity: z.number().positive(),
    source: z.enum(['purchase', 'grant']),
    expiresAt: iso.nullable(),
  }),
  'spend_limit.reached': z.object({
    orgId: z.string(),
    periodStart: iso,
    limit: z.object({ amount: z.number().int().min(0), currency: z.literal('usd') }),
    overage: z.object({ amount: z.number().int().min(0), currency: z.literal('usd') }),
  }),
} as const;

export type DomainEventType = keyof typeof domainEventSchemas;
export type DomainEventDetail<T extends DomainEventType> = z.infer<(typeof domainEventSchemas)[T]>;

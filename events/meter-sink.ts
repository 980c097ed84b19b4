import { z } from 'zod';

/**
 * A message of the meter sink's fan-out queue: one (org, billing period) to report to Stripe, carrying the metering
 * index entry (plan and Stripe customer in force), so the consumer needs no lookup to know what bills it.
 */
export const meterSinkMessageSchema = z.object({
  orgId: z.string().min(1).max(128),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  planId: z.string().min(1).max(64).optional(),
  stripeCustomerId: z.string().min(1).max(255).optional(),
});
export type MeterSinkMessage = z.infer<typeof meterSinkMessageSchema>;

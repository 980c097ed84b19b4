import { z } from 'zod';
import { isAllowedRedirect } from '../http/allowed-origins';
import { catalog } from '../plans/catalog';
import { BILLING_INTERVALS, paidPlans } from './stripe-catalog';

/** Request shapes of the billing routes (CONTRACT §3 "Plans and billing"). */
const paidPlanIds = paidPlans().map((p) => p.id) as [string, ...string[]];
const paidPlanId = z.enum(paidPlanIds, { error: `planId must be a paid plan: ${paidPlanIds.join(', ')}` });
/** Where Stripe sends a person back: only the stage's own origins, so Stripe's pages cannot be used as an open redirect. */
const redirectUrl = z
  .url({ protocol: /^https?$/ })
  .refine(isAllowedRedirect, { error: "must lie on one of the stage's allowed origins" })
  .describe("an absolute http(s) URL on one of the stage's allowed origins (local stage: any http://localhost:* or http://127.0.0.1:* origin)");

export const orgParams = z.object({ orgId: z.string().min(1) });
export const invoiceParams = orgParams.extend({ invoiceId: z.string().min(1) });

const interval = z
  .enum(BILLING_INTERVALS)
  .describe('how often the plan fee is billed: `month` or `year` (10x the monthly price); usage is billed monthly either way');

export const planCheckoutBody = z.object({
  planId: paidPlanId,
  interval: interval.optional().describe('default `month`'),
  successUrl: redirectUrl,
  cancelUrl: redirectUrl,
  allowPromotionCodes: z.boolean().optional().describe('let the customer enter a promotion code on the Stripe Checkout page'),
  // A plan and a pack in one body is ambiguous: refused rather than one of them silently dropped.
  packId: z.never({ error: 'send either planId or packId, not both' }).optional(),
});
const packIds = catalog.creditPacks.map((p) => p.id) as [string, ...string[]];
/** A credit pack bought once (payment mode), on any plan; `quantity` packs at a time (default 1). */
export const packCheckoutBody = z.strictObject({
  packId: z.enum(packIds, { error: `packId must be a credit pack: ${packIds.join(', ')}` }),
  quantity: z.number().int().min(1).max(100).default(1),
  successUrl: redirectUrl,
  cancelUrl: redirectUrl,
});
/** `POST .../checkout`: a plan's subscription (`planId`) or a credit pack (`packId`). */
export const checkoutBody = z.union([planCheckoutBody, packCheckoutBody], {
  error: 'Send either { planId, interval?, successUrl, cancelUrl, allowPromotionCodes? } or { packId, quantity?, successUrl, cancelUrl }',
});
export const portalBody = z.object({ returnUrl: redirectUrl });
export const previewBody = z.object({ planId: paidPlanId, interval: interval.optional().describe("default: the subscription's current interval") });
export const subscriptionPatchBody = z.union(
  [z.strictObject({ planId: paidPlanId, interval: interval.optional().describe("default: the subscription's current interval") }), z.strictObject({ cancelAtPeriodEnd: z.boolean() })],
  { error: 'Send either { planId, interval? } or { cancelAtPeriodEnd }' },
);

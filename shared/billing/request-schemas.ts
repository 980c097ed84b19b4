import { z } from 'zod';
import { paidPlans } from './stripe-catalog';

/** Request shapes of the billing routes (CONTRACT §3 "Plans and billing"). */
const paidPlanIds = paidPlans().map((p) => p.id) as [string, ...string[]];
const paidPlanId = z.enum(paidPlanIds, { error: `planId must be a paid plan: ${paidPlanIds.join(', ')}` });
const httpUrl = z.url({ protocol: /^https?$/ });

export const orgParams = z.object({ orgId: z.string().min(1) });
export const invoiceParams = orgParams.extend({ invoiceId: z.string().min(1) });

export const checkoutBody = z.object({ planId: paidPlanId, successUrl: httpUrl, cancelUrl: httpUrl });
export const portalBody = z.object({ returnUrl: httpUrl });
export const previewBody = z.object({ planId: paidPlanId });
export const subscriptionPatchBody = z.union([z.strictObject({ planId: paidPlanId }), z.strictObject({ cancelAtPeriodEnd: z.boolean() })], {
  error: 'Send either { planId } or { cancelAtPeriodEnd }',
});

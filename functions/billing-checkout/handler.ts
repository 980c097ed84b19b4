import { auditActor } from '../../shared/audit/audit-log';
import { createCheckout } from '../../shared/billing/create-checkout';
import { createPackCheckout } from '../../shared/billing/create-pack-checkout';
import { checkoutBody, orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

/** A plan's subscription checkout, or a credit pack's one-time payment checkout (`packId`). */
export const handler = httpHandler({ params: orgParams, body: checkoutBody }, async ({ params, body, identity }) => ({
  status: 201,
  body: 'quantity' in body ? await createPackCheckout(params.orgId, body, auditActor(identity)) : await createCheckout(params.orgId, body, auditActor(identity)),
}));

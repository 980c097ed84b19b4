import { createCheckout } from '../../shared/billing/create-checkout';
import { checkoutBody, orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams, body: checkoutBody }, async ({ params, body }) => ({
  status: 201,
  body: await createCheckout(params.orgId, body),
}));

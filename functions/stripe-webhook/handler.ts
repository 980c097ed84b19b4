import { receiveStripeWebhook } from '../../shared/billing/receive-webhook';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ raw: true }, async (req) => {
  await receiveStripeWebhook(req.raw, req.headers['stripe-signature']);
  return { body: { received: true } };
});

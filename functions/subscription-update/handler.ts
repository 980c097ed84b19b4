import { changeSubscription } from '../../shared/billing/change-subscription';
import { orgParams, subscriptionPatchBody } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams, body: subscriptionPatchBody }, async ({ params, body }) => ({
  body: await changeSubscription(params.orgId, body),
}));

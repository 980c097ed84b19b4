import { getSubscription } from '../../shared/billing/get-subscription';
import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams, authenticated: true }, async ({ params }) => ({ body: await getSubscription(params.orgId) }));

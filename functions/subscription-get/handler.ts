import { getSubscription } from '../../shared/billing/get-subscription';
import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams }, async ({ params }) => ({ body: await getSubscription(params.orgId) }));

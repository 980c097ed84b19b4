import { listPlans } from '../../shared/billing/plans-view';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({}, async () => ({ body: listPlans() }));

import { httpHandler } from '../../shared/http/handler';
import { readOperatorMetrics } from '../../shared/operator/read-operator-metrics';

/** GET /v1/admin/metrics (the platform service key only, from the route table): MRR, plans, churn, activity. */
export const handler = httpHandler({}, async () => ({ body: await readOperatorMetrics() }));

import { previewPlanChange } from '../../shared/billing/preview-plan-change';
import { orgParams, previewBody } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams, body: previewBody }, async ({ params, body }) => ({
  body: await previewPlanChange(params.orgId, body.planId, body.interval),
}));

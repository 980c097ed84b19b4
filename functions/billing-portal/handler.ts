import { createPortal } from '../../shared/billing/create-portal';
import { orgParams, portalBody } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams, body: portalBody }, async ({ params, body }) => ({
  status: 201,
  body: await createPortal(params.orgId, body.returnUrl),
}));

import { orgParams } from '../../shared/billing/request-schemas';
import { upcomingInvoice } from '../../shared/billing/upcoming-invoice';
import { httpHandler } from '../../shared/http/handler';

/** GET /v1/orgs/{orgId}/invoices/upcoming (member; key `read`): the next invoice as it stands, usage not yet reported included. */
export const handler = httpHandler({ params: orgParams }, async ({ params }) => ({ body: await upcomingInvoice(params.orgId) }));

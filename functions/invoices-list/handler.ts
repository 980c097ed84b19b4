import { listInvoices } from '../../shared/billing/invoices-view';
import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: orgParams }, async ({ params }) => ({ body: await listInvoices(params.orgId) }));

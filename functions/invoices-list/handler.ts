import { listInvoices } from '../../shared/billing/invoices-view';
import { orgParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';

export const handler = httpHandler({ params: orgParams, query: pageQuerySchema }, async ({ params, query }) => ({ body: await listInvoices(params.orgId, query) }));

import { getInvoice } from '../../shared/billing/invoices-view';
import { invoiceParams } from '../../shared/billing/request-schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ params: invoiceParams }, async ({ params }) => ({ body: await getInvoice(params.orgId, params.invoiceId) }));

import { getInvoiceRecord, listInvoiceRecords, type InvoiceRecord } from '../db/invoices';
import { NotFoundError } from '../errors';

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function invoiceView(record: InvoiceRecord) {
  return {
    id: record.invoiceId,
    number: record.number,
    status: record.status,
    amountDue: record.amountDue,
    amountPaid: record.amountPaid,
    currency: record.currency,
    periodStart: iso(record.periodStart),
    periodEnd: iso(record.periodEnd),
    hostedInvoiceUrl: record.hostedInvoiceUrl,
    createdAt: iso(record.created),
  };
}

/** The org's invoices as mirrored from Stripe's webhooks, newest first (no Stripe call). */
export async function listInvoices(orgId: string) {
  return { invoices: (await listInvoiceRecords(orgId)).map(invoiceView) };
}

/** One of the org's invoices; another org's invoice is not found, like a missing one. */
export async function getInvoice(orgId: string, invoiceId: string) {
  const record = await getInvoiceRecord(orgId, invoiceId);
  if (!record) throw new NotFoundError('Invoice not found');
  return invoiceView(record);
}

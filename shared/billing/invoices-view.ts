import { z } from 'zod';
import { getInvoiceRecord, listInvoiceRecords, type InvoiceRecord } from '../db/invoices';
import { NotFoundError } from '../errors';
import { pageOf, type PageQuery } from '../http/pagination';
import { stripeMoney } from './money';

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function invoiceView(record: InvoiceRecord) {
  return {
    id: record.invoiceId,
    number: record.number,
    status: record.status,
    amountDue: stripeMoney(record.amountDue, record.currency),
    amountPaid: stripeMoney(record.amountPaid, record.currency),
    periodStart: iso(record.periodStart),
    periodEnd: iso(record.periodEnd),
    hostedInvoiceUrl: record.hostedInvoiceUrl,
    invoicePdfUrl: record.invoicePdfUrl ?? null,
    createdAt: iso(record.created),
  };
}

/** One invoice with its lines, each amount a Money object. */
export function invoiceDetailView(record: InvoiceRecord) {
  return {
    ...invoiceView(record),
    lines: (record.lines ?? []).map((line) => ({
      description: line.description,
      quantity: line.quantity,
      amount: stripeMoney(line.amount, line.currency),
      periodStart: iso(line.periodStart),
      periodEnd: iso(line.periodEnd),
    })),
  };
}

/** Where a page of invoices ends: the list's order is (created, invoice id), both descending. */
const position = z.tuple([z.number().int(), z.string().min(1)]);

/**
 * A page of the org's invoices as mirrored from Stripe's webhooks, newest first (no Stripe call). An org gathers about
 * a dozen invoices a year, so the page is cut from the org's whole (small) invoice partition, read in one query.
 */
export async function listInvoices(orgId: string, query: PageQuery) {
  const records = await listInvoiceRecords(orgId);
  const page = pageOf(
    records,
    query,
    position,
    (r) => [r.created, r.invoiceId] as [number, string],
    (r, [created, id]) => r.created < created || (r.created === created && r.invoiceId < id),
  );
  return { invoices: page.items.map(invoiceView), nextCursor: page.nextCursor };
}

/** One of the org's invoices; another org's invoice is not found, like a missing one. */
export async function getInvoice(orgId: string, invoiceId: string) {
  const record = await getInvoiceRecord(orgId, invoiceId);
  if (!record) throw new NotFoundError('Invoice not found');
  return invoiceDetailView(record);
}

import { z } from 'zod';
import { getInvoiceRecord, listInvoiceRecords, type InvoiceRecord } from '../db/invoices';
import { NotFoundError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
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

/**
 * A page of the org's invoices as mirrored from Stripe's webhooks, newest first (no Stripe call). An org gathers about
 * a dozen invoices a year, so the page is cut from the org's whole (small) invoice partition, read in one query.
 */
export async function listInvoices(orgId: string, query: PageQuery) {
  const records = (await listInvoiceRecords(orgId)).sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
  const after = decodeCursor(query.cursor, INVOICE_CURSOR_PREFIX);
  const rest = after === undefined ? records : records.filter((r) => sortKey(r) < after);
  const items = rest.slice(0, query.limit);
  const more = rest.length > items.length;
  return { invoices: items.map(invoiceView), nextCursor: more ? encodeCursor(sortKey(items[items.length - 1])) : null };
}

/** Newest first: by creation second, then id (a fixed-width string, so string order is list order). */
const INVOICE_CURSOR_PREFIX = 'INV#';
function sortKey(r: { created: number; invoiceId: string }): string {
  return `${INVOICE_CURSOR_PREFIX}${String(r.created).padStart(12, '0')}#${r.invoiceId}`;
}

/** One of the org's invoices; another org's invoice is not found, like a missing one. */
export async function getInvoice(orgId: string, invoiceId: string) {
  const record = await getInvoiceRecord(orgId, invoiceId);
  if (!record) throw new NotFoundError('Invoice not found');
  return invoiceDetailView(record);
}

import { invoiceSubscriptionId, type StripeInvoiceEvent } from '../../events/stripe';
import { putInvoiceIfNewer, type InvoiceRecord } from '../db/invoices';
import { auditInvoiceEvent } from './audit-stripe-changes';
import { publishOnce } from './publish-once';
import type { StripeEventPorts } from './stripe-event-ports';

export function invoiceRecord(orgId: string, event: StripeInvoiceEvent): InvoiceRecord {
  const invoice = event.data.object;
  return {
    orgId,
    invoiceId: invoice.id,
    subscriptionId: invoiceSubscriptionId(invoice),
    number: invoice.number ?? null,
    status: invoice.status,
    currency: invoice.currency,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    attemptCount: invoice.attempt_count,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    created: invoice.created,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdfUrl: invoice.invoice_pdf ?? null,
    lines: (invoice.lines?.data ?? []).map((line) => ({
      description: line.description ?? '',
      quantity: line.quantity ?? null,
      amount: line.amount,
      currency: line.currency,
      periodStart: line.period.start,
      periodEnd: line.period.end,
    })),
    sourceTime: event.created,
  };
}

/**
 * An `invoice.*` event: mirror the invoice (the most advanced state wins, see putInvoiceIfNewer), then publish
 * `invoice.paid` once per invoice and `invoice.payment_failed` once per failed attempt.
 */
export async function applyInvoiceEvent(orgId: string, event: StripeInvoiceEvent, ports: StripeEventPorts): Promise<void> {
  const record = invoiceRecord(orgId, event);
  await putInvoiceIfNewer(record);
  await auditInvoiceEvent(orgId, event, record);
  const detail = {
    orgId,
    invoiceId: record.invoiceId,
    subscriptionId: record.subscriptionId,
    amountDue: record.amountDue,
    amountPaid: record.amountPaid,
    currency: record.currency,
  };
  if (event.type === 'invoice.paid') await publishOnce(ports, `${orgId}#invoice.paid#${record.invoiceId}`, 'invoice.paid', detail);
  if (event.type === 'invoice.payment_failed') {
    await publishOnce(ports, `${orgId}#invoice.payment_failed#${record.invoiceId}#${record.attemptCount}`, 'invoice.payment_failed', detail);
  }
}

import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Link, matchPath, useLocation } from '../../router';
import { Async, useLoad } from '../../ui/async';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format';
import { InvoiceLines, invoiceStatus } from './invoice-lines';

/** One issued invoice: amounts, period, status, its lines, and Stripe's hosted page and PDF. */
export function InvoicePage() {
  const { orgId } = useOrg();
  const { path } = useLocation();
  const invoiceId = matchPath('/orgs/:orgId/invoices/:invoiceId', path)?.invoiceId ?? '';
  const state = useLoad(() => api().client.invoice(orgId, invoiceId), [orgId, invoiceId]);
  return (
    <>
      <p>
        <Link to={`/orgs/${orgId}/invoices`}>← All invoices</Link>
      </p>
      <h1>Invoice {state.data ? (state.data.number ?? state.data.id) : ''}</h1>
      <Async state={state}>
        {(inv) => (
          <>
            <section className="card" aria-label="Summary">
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <span className={`badge invoice-${inv.status}`}>{invoiceStatus(inv.status)}</span>
                </dd>
                <dt>Period</dt>
                <dd>
                  {formatDate(inv.periodStart)} – {formatDate(inv.periodEnd)}
                </dd>
                <dt>Issued</dt>
                <dd>{formatDateTime(inv.createdAt)}</dd>
                <dt>Amount due</dt>
                <dd data-testid="invoice-amount-due">{formatMoney(inv.amountDue)}</dd>
                <dt>Amount paid</dt>
                <dd>{formatMoney(inv.amountPaid)}</dd>
              </dl>
              <div className="actions">
                {inv.hostedInvoiceUrl && (
                  <a href={inv.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                    View on Stripe<span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                )}
                {inv.invoicePdfUrl && (
                  <a href={inv.invoicePdfUrl} target="_blank" rel="noopener noreferrer">
                    Download PDF<span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                )}
              </div>
            </section>
            <h2>Lines</h2>
            <InvoiceLines lines={inv.lines} caption={`Lines of invoice ${inv.number ?? inv.id}`} />
          </>
        )}
      </Async>
    </>
  );
}

import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Link } from '../../router';
import { Async, useLoad } from '../../ui/async';
import { formatDate, formatMoney } from '../../ui/format';
import { InvoiceLines, invoiceStatus } from './invoice-lines';
import { upcomingInvoiceOf } from './upcoming';
import { LoadMore, usePaged } from '../../ui/paged';
import { TableWrap } from '../../ui/table-wrap';

const PAGE = 20;

/** The upcoming invoice as it stands now, then the issued ones, newest first, a page at a time. */
export function InvoicesPage() {
  const { orgId } = useOrg();
  const upcoming = useLoad(() => upcomingInvoiceOf(orgId), [orgId]);
  const issued = usePaged((cursor) => api().client.listInvoices(orgId, { limit: PAGE, cursor }).then((p) => ({ items: p.invoices, nextCursor: p.nextCursor })), [orgId]);

  return (
    <>
      <h1>Invoices</h1>
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming invoice</h2>
        <Async state={upcoming} isEmpty={(u) => u === null} empty="None: the organization has no paid subscription.">
          {(u) => u && (
            <>
              <p>
                <strong data-testid="upcoming-amount">{formatMoney(u.amountDue)}</strong> for {formatDate(u.periodStart)} – {formatDate(u.periodEnd)}, as it stands now
                (usage so far, credits applied).
              </p>
              <InvoiceLines lines={u.lines} caption="Lines of the upcoming invoice" />
            </>
          )}
        </Async>
      </section>
      <section aria-labelledby="issued-heading">
        <h2 id="issued-heading">Issued invoices</h2>
        <Async state={issued.state} isEmpty={(invoices) => invoices.length === 0} empty="No invoices yet.">
          {(invoices) => {
            return (
              <>
                <TableWrap label="Issued invoices">
                  <table>
                    <caption className="visually-hidden">Issued invoices, newest first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Invoice</th>
                        <th scope="col">Period</th>
                        <th scope="col">Status</th>
                        <th scope="col" className="num">Amount due</th>
                        <th scope="col" className="num">Paid</th>
                      </tr>
                    </thead>
                    <tbody>
                      {invoices.map((inv) => (
                        <tr key={inv.id}>
                          <th scope="row">
                            <Link to={`/orgs/${orgId}/invoices/${encodeURIComponent(inv.id)}`}>{inv.number ?? inv.id}</Link>
                            <br />
                            <small className="hint">{formatDate(inv.createdAt)}</small>
                          </th>
                          <td>
                            {formatDate(inv.periodStart)} – {formatDate(inv.periodEnd)}
                          </td>
                          <td>
                            <span className={`badge invoice-${inv.status}`}>{invoiceStatus(inv.status)}</span>
                          </td>
                          <td className="num">{formatMoney(inv.amountDue)}</td>
                          <td className="num">{formatMoney(inv.amountPaid)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
                <LoadMore paged={issued} />
              </>
            );
          }}
        </Async>
      </section>
    </>
  );
}

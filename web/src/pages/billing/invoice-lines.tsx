import type { InvoiceDetail } from '../../../../shared/client/argus-client';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { TableWrap } from '../../ui/table-wrap';

/** The lines of an invoice (issued or upcoming): what, how many, for which period, how much. */
export function InvoiceLines({ lines, caption }: { lines: InvoiceDetail['lines']; caption: string }) {
  if (lines.length === 0) return <p className="empty">No lines.</p>;
  return (
    <TableWrap label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col" className="num">Quantity</th>
            <th scope="col">Period</th>
            <th scope="col" className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={i}>
              <td>{line.description}</td>
              <td className="num">{line.quantity === null ? '—' : formatNumber(line.quantity)}</td>
              <td>
                {formatDate(line.periodStart)} – {formatDate(line.periodEnd)}
              </td>
              <td className="num">{formatMoney(line.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

const STATUS: Record<string, string> = { draft: 'Draft', open: 'Open', paid: 'Paid', uncollectible: 'Uncollectible', void: 'Void' };
export const invoiceStatus = (status: string) => STATUS[status] ?? status;

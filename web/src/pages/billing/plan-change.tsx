import { useState } from 'react';
import type { BillingInterval, Plan, PlanChangePreview, Subscription } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { ActionError, useAction } from '../../ui/form';
import { formatMoney } from '../../ui/format';
import { TableWrap } from '../../ui/table-wrap';

/**
 * A paid org's change of plan or interval: the proration preview (what the change charges now) comes first, and only
 * then the button that makes the change.
 */
export function PlanChange({ orgId, plan, interval, onChanged }: { orgId: string; plan: Plan; interval: BillingInterval; onChanged: (s: Subscription) => void }) {
  const [preview, setPreview] = useState<PlanChangePreview>();
  const load = useAction(async () => setPreview(await api().client.previewPlanChange(orgId, plan.id, interval)));
  const change = useAction(async () => {
    const subscription = await api().client.changeSubscription(orgId, { planId: plan.id, interval });
    setPreview(undefined);
    onChanged(subscription);
  });
  const label = `${plan.name}, ${interval === 'year' ? 'yearly' : 'monthly'}`;

  if (!preview) {
    return (
      <>
        <button type="button" onClick={() => void load.run()} disabled={load.busy} aria-busy={load.busy || undefined}>
          {load.busy ? 'Working…' : `Change to ${label}`}
        </button>
        <ActionError error={load.error} />
      </>
    );
  }
  return (
    <section className="preview" aria-labelledby={`preview-${plan.id}`} role="region">
      <h4 id={`preview-${plan.id}`}>Change to {label}</h4>
      <p role="status">
        Due now: <strong data-testid="amount-due">{formatMoney(preview.amountDue)}</strong>
      </p>
      {preview.lines.length > 0 && (
        <TableWrap label="What the change charges now">
          <table>
            <caption className="visually-hidden">What the change charges now</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col" className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((line, i) => (
                <tr key={i}>
                  <td>{line.description}</td>
                  <td className="num">{formatMoney(line.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div className="actions">
        <button type="button" onClick={() => void change.run()} disabled={change.busy} aria-busy={change.busy || undefined}>
          {change.busy ? 'Working…' : 'Confirm change'}
        </button>
        <button type="button" className="secondary" onClick={() => setPreview(undefined)} disabled={change.busy}>
          Keep the current plan
        </button>
      </div>
      <ActionError error={change.error} />
    </section>
  );
}

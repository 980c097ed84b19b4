import type { BillingInterval, Plan } from '../../../../shared/client/argus-client';
import { formatMoney, formatNumber, formatPrice } from '../../ui/format';
import { TableWrap } from '../../ui/table-wrap';

/** The price of a plan for an interval, or undefined when the plan is not sold that way. */
export function priceOf(plan: Plan, interval: BillingInterval) {
  return plan.prices.find((p) => p.interval === interval);
}

/** A plan with no price above zero: the default plan every org starts on. */
export function isFree(plan: Plan): boolean {
  return plan.prices.every((p) => p.amount === 0);
}

const words = (id: string) => id.replace(/_/g, ' ');

/**
 * One plan of the catalog: price for the chosen interval, trial, seats, rate limit, features and each metric's
 * allowance with its cap or overage price. `children` are the actions the viewer may take on it.
 */
export function PlanCard({ plan, interval, current, children }: { plan: Plan; interval: BillingInterval; current: boolean; children?: React.ReactNode }) {
  const price = priceOf(plan, interval) ?? priceOf(plan, 'month');
  const headingId = `plan-${plan.id}`;
  return (
    <article className={`card plan-card${current ? ' current' : ''}`} aria-labelledby={headingId} data-plan={plan.id}>
      <h3 id={headingId}>
        {plan.name} {current && <span className="badge current-badge">Current plan</span>}
      </h3>
      <p className="plan-price">
        {price ? (
          <>
            <strong>{formatPrice(price.amount, price.currency)}</strong> / {price.interval === 'year' ? 'year' : 'month'}
          </>
        ) : (
          'Not sold'
        )}
      </p>
      {plan.trialDays > 0 && <p className="hint">{plan.trialDays}-day free trial on an organization's first paid subscription</p>}
      <ul className="plan-facts">
        <li>{plan.seats === null ? 'Unlimited seats' : `${formatNumber(plan.seats)} seats included`}{plan.seatPrice ? `, then ${formatPrice(plan.seatPrice.amount, plan.seatPrice.currency)} per seat` : ''}</li>
        <li>{formatNumber(plan.rateLimit.requestsPerMinute)} requests per minute</li>
        {plan.features.map((f) => (
          <li key={f}>{words(f)}</li>
        ))}
      </ul>
      <TableWrap label={`Allowances of ${plan.name}`}>
        <table>
          <caption className="visually-hidden">Allowances of {plan.name}</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">Included</th>
              <th scope="col">Beyond</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(plan.metrics).map(([metric, m]) => (
              <tr key={metric}>
                <th scope="row">{metric}</th>
                <td className="num">
                  {formatNumber(m.included)} {m.unit}
                </td>
                <td>
                  {m.capType === 'hard' || m.overageUnitAmount === null
                    ? 'Hard cap'
                    : `${formatMoney({ amount: String(m.overageUnitAmount), currency: price?.currency ?? 'usd' })} ${m.overageUnitSize > 1 ? `per ${formatNumber(m.overageUnitSize)} ${m.unit}` : 'each'}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {children && <div className="actions">{children}</div>}
    </article>
  );
}

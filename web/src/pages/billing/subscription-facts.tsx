import type { PlanList, Subscription } from '../../../../shared/client/argus-client';
import { formatDate } from '../../ui/format';

const STATUS: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Past due',
  canceled: 'Canceled',
  unpaid: 'Unpaid',
  incomplete: 'Incomplete',
};

export function planName(catalog: PlanList, planId: string): string {
  return catalog.plans.find((p) => p.id === planId)?.name ?? planId;
}

/** The subscription as the API reads it: plan, status, billing interval, period, trial end and a scheduled cancellation. */
export function SubscriptionFacts({ subscription: s, catalog }: { subscription: Subscription; catalog: PlanList }) {
  const paid = s.currentPeriodEnd !== null;
  return (
    <>
      <dl className="facts" data-testid="subscription">
        <dt>Plan</dt>
        <dd data-testid="plan-name">{planName(catalog, s.planId)}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge status-${s.status}`}>{STATUS[s.status] ?? s.status}</span>
        </dd>
        {paid && (
          <>
            <dt>Billed</dt>
            <dd>{s.interval === 'year' ? 'Yearly' : 'Monthly'}</dd>
            <dt>Current period</dt>
            <dd>
              {formatDate(s.currentPeriodStart)} – {formatDate(s.currentPeriodEnd)}
            </dd>
          </>
        )}
        {s.trialEnd && (
          <>
            <dt>Trial ends</dt>
            <dd>{formatDate(s.trialEnd)}</dd>
          </>
        )}
      </dl>
      {s.cancelAtPeriodEnd && (
        <p className="notice warning" data-testid="cancel-notice">
          This subscription ends on {formatDate(s.currentPeriodEnd)}; the org then returns to {catalog.plans.find((p) => p.prices.every((price) => price.amount === 0))?.name ?? 'the free plan'}.
        </p>
      )}
    </>
  );
}

import { useState } from 'react';
import type { PlanList, Subscription, UsageSummary } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Link } from '../../router';
import { Async, useLoad } from '../../ui/async';
import { DailyChart } from '../../ui/daily-chart';
import { Select } from '../../ui/form';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { SubscriptionFacts } from '../billing/subscription-facts';

/** The org at a glance: its plan and subscription, this period's usage per metric, and one metric's days as a chart. */
export function OverviewPage() {
  const { orgId, orgName } = useOrg();
  const state = useLoad(async () => {
    const [subscription, usage, catalog] = await Promise.all([api().client.subscription(orgId), api().client.usage(orgId), api().client.plans()]);
    return { subscription, usage, catalog };
  }, [orgId]);
  return (
    <>
      <h1>Overview</h1>
      <p className="hint" data-testid="org-name">{orgName}</p>
      <Async state={state}>
        {({ subscription, usage, catalog }) => (
          <>
            <PlanCard subscription={subscription} catalog={catalog} />
            <UsageMeters usage={usage} />
            <DailyUsage orgId={orgId} usage={usage} />
          </>
        )}
      </Async>
    </>
  );
}

function PlanCard({ subscription, catalog }: { subscription: Subscription; catalog: PlanList }) {
  const { orgId } = useOrg();
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Plan</h2>
      <SubscriptionFacts subscription={subscription} catalog={catalog} />
      <div className="actions">
        <Link to={`/orgs/${orgId}/plans`}>See plans</Link>
      </div>
    </section>
  );
}

function UsageMeters({ usage }: { usage: UsageSummary }) {
  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage this period</h2>
      <p className="hint">
        {formatDate(usage.period.start)} – {formatDate(usage.period.end)}
      </p>
      <div className="grid">
        {usage.metrics.map((m) => (
          <UsageMeter key={m.metric} metric={m} />
        ))}
      </div>
    </section>
  );
}

type MetricUsage = UsageSummary['metrics'][number];

/** One metric: used of included, its share of the allowance, credits, overage so far and the period's projection. */
function UsageMeter({ metric: m }: { metric: MetricUsage }) {
  const over = m.used > m.included;
  const id = `meter-${m.metric}`;
  return (
    <article className="card usage-meter" aria-labelledby={id} data-metric={m.metric}>
      <h3 id={id}>{m.metric}</h3>
      <p className="meter-figure">
        <strong data-testid="used">{formatNumber(m.used)}</strong> of {formatNumber(m.included)} {m.unit}
      </p>
      <div
        className={`meter${over ? ' over' : ''}`}
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, m.percent)}
        aria-valuetext={`${formatNumber(m.percent)}% of the allowance`}
      >
        <span style={{ width: `${Math.min(100, m.percent)}%` }} />
      </div>
      <dl className="facts meter-facts">
        <dt>Of allowance</dt>
        <dd data-testid="percent">{formatNumber(m.percent)}%</dd>
        <dt>Cap</dt>
        <dd>{m.capType === 'hard' ? 'Hard (stops at the allowance)' : 'Soft (overage billed)'}</dd>
        <dt>Credits</dt>
        <dd>{formatNumber(m.credits)}</dd>
        <dt>Remaining</dt>
        <dd>{formatNumber(m.remaining)}</dd>
        {m.overage > 0 && (
          <>
            <dt>Overage</dt>
            <dd>
              {formatNumber(m.overage)} {m.unit} · {formatMoney(m.overageAmount)}
            </dd>
          </>
        )}
        <dt>Projected</dt>
        <dd>
          {formatNumber(m.projected)} {m.unit}
        </dd>
      </dl>
    </article>
  );
}

function DailyUsage({ orgId, usage }: { orgId: string; usage: UsageSummary }) {
  const [metric, setMetric] = useState(usage.metrics[0]?.metric ?? '');
  const unit = usage.metrics.find((m) => m.metric === metric)?.unit ?? '';
  const series = useLoad(() => api().client.usageSeries(orgId, metric), [orgId, metric]);
  if (!metric) return null;
  return (
    <section className="card" aria-labelledby="daily-heading">
      <h2 id="daily-heading">Daily usage</h2>
      <Select label="Metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
        {usage.metrics.map((m) => (
          <option key={m.metric} value={m.metric}>
            {m.metric}
          </option>
        ))}
      </Select>
      <Async state={series} label="Loading the daily series…">
        {(s) => <DailyChart points={s.series} total={s.total} label={s.metric} unit={unit} />}
      </Async>
    </section>
  );
}

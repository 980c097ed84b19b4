import { useEffect, useState } from 'react';
import type { BillingInterval, Subscription } from '../../../../shared/client/argus-client';
import { api, consoleUrl } from '../../api';
import { useOrg } from '../../org-context';
import { useLocation } from '../../router';
import { Async, Spinner, Success, useLoad } from '../../ui/async';
import { ActionError, useAction } from '../../ui/form';
import { usePoll } from '../../ui/poll';
import { PlanCard, isFree, priceOf } from './plan-card';
import { PlanChange } from './plan-change';
import { SubscriptionActions } from './subscription-actions';
import { SubscriptionFacts, planName } from './subscription-facts';

const isPaid = (s: Subscription) => s.currentPeriodEnd !== null && s.status !== 'canceled';

/**
 * The catalog beside the org's subscription. Admins of an org on the free plan upgrade through Stripe Checkout; admins
 * of a paying org change plan or interval (proration preview first), cancel at the period's end or resume, and open
 * Stripe's portal. Members see the same facts without the actions. Coming back from Checkout (`?checkout=success`)
 * the page waits for the webhook to apply the subscription.
 */
export function PlansPage() {
  const { orgId, isAdmin, reloadMe } = useOrg();
  const { query } = useLocation();
  const returned = query.get('checkout');
  const state = useLoad(async () => {
    const [catalog, subscription] = await Promise.all([api().client.plans(), api().client.subscription(orgId)]);
    return { catalog, subscription };
  }, [orgId]);
  const [subscription, setSubscription] = useState<Subscription>();
  const [changed, setChanged] = useState<string>();
  useEffect(() => setSubscription(state.data?.subscription), [state.data]);

  const poll = usePoll(returned === 'success', () => api().client.subscription(orgId), isPaid, { forMs: 30_000 });
  useEffect(() => {
    if (poll.phase !== 'done') return;
    setSubscription(poll.value);
    reloadMe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [poll.phase]);

  const [interval, setBilling] = useState<BillingInterval>('month');
  useEffect(() => {
    if (state.data) setBilling(state.data.subscription.interval);
  }, [state.data]);

  const checkout = useAction(async (planId: string) => {
    const back = (outcome: string) => consoleUrl(`/orgs/${orgId}/plans?checkout=${outcome}`);
    const { url } = await api().client.createCheckout(orgId, { planId, interval, successUrl: back('success'), cancelUrl: back('canceled') });
    window.location.assign(url);
  });

  const onChanged = (s: Subscription, what: string) => {
    setSubscription(s);
    setChanged(what);
    reloadMe();
  };

  return (
    <>
      <h1>Plans</h1>
      {returned === 'canceled' && <p className="notice" role="status">Checkout was canceled: nothing was charged.</p>}
      {poll.phase === 'waiting' && <Spinner label="Payment received. Waiting for Stripe to confirm the subscription…" />}
      {poll.phase === 'timeout' && (
        <p className="notice warning" role="status">
          Stripe has not confirmed the subscription yet. It usually takes a few seconds: reload this page in a moment.
        </p>
      )}
      <Async state={state}>
        {({ catalog }) => {
          const current = subscription ?? state.data!.subscription;
          const paid = isPaid(current);
          return (
            <>
              {poll.phase === 'done' && <Success>Your organization is now on {planName(catalog, poll.value.planId)}.</Success>}
              {changed && <Success>{changed}</Success>}
              <section className="card" aria-labelledby="current-heading">
                <h2 id="current-heading">Your subscription</h2>
                <SubscriptionFacts subscription={current} catalog={catalog} />
                {isAdmin && paid && (
                  <SubscriptionActions
                    orgId={orgId}
                    subscription={current}
                    onChanged={(s) => onChanged(s, s.cancelAtPeriodEnd ? 'The subscription will end at the end of the period.' : 'The subscription was resumed.')}
                  />
                )}
              </section>
              <section aria-labelledby="catalog-heading">
                <h2 id="catalog-heading">Available plans</h2>
                <fieldset className="interval-toggle">
                  <legend>Billing interval</legend>
                  {(['month', 'year'] as const).map((value) => (
                    <label key={value}>
                      <input type="radio" name="interval" value={value} checked={interval === value} onChange={() => setBilling(value)} /> {value === 'month' ? 'Monthly' : 'Yearly'}
                    </label>
                  ))}
                </fieldset>
                <ActionError error={checkout.error} />
                <div className="grid plan-grid">
                  {catalog.plans.map((plan) => {
                    const isCurrent = plan.id === current.planId;
                    const sold = priceOf(plan, interval) !== undefined;
                    const sameAsNow = isCurrent && (!paid || current.interval === interval);
                    return (
                      <PlanCard key={plan.id} plan={plan} interval={interval} current={isCurrent}>
                        {isAdmin && !isFree(plan) && sold && !sameAsNow && !paid && (
                          <button type="button" onClick={() => void checkout.run(plan.id)} disabled={checkout.busy}>
                            {checkout.busy ? 'Working…' : `Upgrade to ${plan.name}`}
                          </button>
                        )}
                        {isAdmin && !isFree(plan) && sold && !sameAsNow && paid && (
                          <PlanChange key={interval} orgId={orgId} plan={plan} interval={interval} onChanged={(s) => onChanged(s, `The plan is now ${planName(catalog, s.planId)}.`)} />
                        )}
                        {isAdmin && isFree(plan) && paid && !isCurrent && <p className="hint">To return to {plan.name}, cancel the subscription: it ends with the period.</p>}
                      </PlanCard>
                    );
                  })}
                </div>
              </section>
            </>
          );
        }}
      </Async>
    </>
  );
}

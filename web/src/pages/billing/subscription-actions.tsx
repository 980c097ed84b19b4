import { useState } from 'react';
import type { Subscription } from '../../../../shared/client/argus-client';
import { api, consoleUrl } from '../../api';
import { ActionError, useAction } from '../../ui/form';
import { formatDate } from '../../ui/format';

/**
 * An admin's actions on a paid subscription: cancel at the period's end (after an inline "are you sure" step) or
 * resume a scheduled cancellation, and Stripe's customer portal for payment methods.
 */
export function SubscriptionActions({ orgId, subscription, onChanged }: { orgId: string; subscription: Subscription; onChanged: (s: Subscription) => void }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useAction(async (value: boolean) => {
    onChanged(await api().client.changeSubscription(orgId, { cancelAtPeriodEnd: value }));
    setConfirming(false);
  });
  const portal = useAction(async () => {
    const { url } = await api().client.openPortal(orgId, consoleUrl(`/orgs/${orgId}/plans`));
    window.location.assign(url);
  });

  return (
    <div className="subscription-actions">
      {subscription.cancelAtPeriodEnd ? (
        <div className="actions">
          <button type="button" onClick={() => void cancel.run(false)} disabled={cancel.busy}>
            {cancel.busy ? 'Working…' : 'Resume subscription'}
          </button>
        </div>
      ) : confirming ? (
        <div className="confirm" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">
            Are you sure? The subscription stays active until {formatDate(subscription.currentPeriodEnd)}, then ends. You can resume it until then.
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void cancel.run(true)} disabled={cancel.busy}>
              {cancel.busy ? 'Working…' : 'Yes, cancel at period end'}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={cancel.busy}>
              No, keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Cancel subscription
          </button>
        </div>
      )}
      <ActionError error={cancel.error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void portal.run()} disabled={portal.busy}>
          {portal.busy ? 'Opening…' : 'Manage payment methods'}
        </button>
      </div>
      <ActionError error={portal.error} />
    </div>
  );
}

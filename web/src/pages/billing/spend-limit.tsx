import { useEffect, useState, type FormEvent } from 'react';
import type { SpendLimit } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Async, Success, useLoad } from '../../ui/async';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';
import { formatDate, formatMoney, minorDigits, parseMoney } from '../../ui/format';
import { upcomingInvoiceOf } from './upcoming';

/**
 * The org's monthly budget for billed overage (CONTRACT §3 "Spend limit"): once a period's overage would pass it, soft
 * caps refuse like hard caps until the period ends. Members read it; admins set or remove it. The upcoming invoice is
 * shown beside it, to see where the period stands.
 */
export function SpendLimitPage() {
  const { orgId, isAdmin } = useOrg();
  const state = useLoad(async () => {
    const [limit, upcoming] = await Promise.all([api().client.getSpendLimit(orgId), upcomingInvoiceOf(orgId)]);
    return { limit, upcoming };
  }, [orgId]);
  const [limit, setLimit] = useState<SpendLimit>();
  useEffect(() => setLimit(state.data?.limit), [state.data]);

  return (
    <>
      <h1>Spend limit</h1>
      <Async state={state}>
        {({ upcoming }) => {
          const current = limit ?? state.data!.limit;
          const currency = current.monthlyOverage?.currency ?? upcoming?.amountDue.currency ?? 'usd';
          return (
            <div className="grid">
              <section className="card" aria-labelledby="limit-heading">
                <h2 id="limit-heading">Monthly overage limit</h2>
                <p data-testid="spend-limit">
                  {current.monthlyOverage ? (
                    <>
                      <strong>{formatMoney(current.monthlyOverage)}</strong> of billed overage per period
                    </>
                  ) : (
                    'No limit: overage on soft caps is billed as it comes.'
                  )}
                </p>
                <p className="hint">When a period's billed overage would pass the limit, further usage on soft caps is refused until the period ends.</p>
                {isAdmin && <SpendLimitForm orgId={orgId} current={current} currency={currency} onSaved={setLimit} />}
              </section>
              <section className="card" aria-labelledby="upcoming-heading">
                <h2 id="upcoming-heading">Upcoming invoice</h2>
                {upcoming ? (
                  <p>
                    <strong data-testid="upcoming-amount">{formatMoney(upcoming.amountDue)}</strong> for {formatDate(upcoming.periodStart)} – {formatDate(upcoming.periodEnd)}, as it
                    stands now.
                  </p>
                ) : (
                  <p className="empty">None: the organization has no paid subscription.</p>
                )}
              </section>
            </div>
          );
        }}
      </Async>
    </>
  );
}

function SpendLimitForm({ orgId, current, currency, onSaved }: { orgId: string; current: SpendLimit; currency: string; onSaved: (l: SpendLimit) => void }) {
  const digits = minorDigits(currency.toUpperCase());
  const [text, setText] = useState(current.monthlyOverage ? (current.monthlyOverage.amount / 10 ** digits).toFixed(digits) : '');
  const [invalid, setInvalid] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const save = useAction(async (value: SpendLimit['monthlyOverage']) => {
    setSaved(undefined);
    try {
      const answer = await api().client.setSpendLimit(orgId, { monthlyOverage: value });
      onSaved(answer);
      setSaved(answer.monthlyOverage ? `Limit set to ${formatMoney(answer.monthlyOverage)}.` : 'The limit was removed.');
      if (!answer.monthlyOverage) setText('');
    } catch (error) {
      const fields = fieldErrors(error);
      setInvalid(fields['monthlyOverage.amount'] ?? fields.monthlyOverage);
      throw error;
    }
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const money = parseMoney(text, currency);
    if (!money) return setInvalid(`Enter an amount such as 250${digits ? `.${'0'.repeat(digits)}` : ''}.`);
    setInvalid(undefined);
    void save.run(money);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field
        label={`New limit (${currency.toUpperCase()})`}
        name="monthlyOverage"
        inputMode="decimal"
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={invalid}
        hint="Billed overage per period, in the invoice's currency."
      />
      <ActionError error={save.error} />
      <div className="actions">
        <SubmitButton busy={save.busy}>Save limit</SubmitButton>
        {current.monthlyOverage && (
          <button type="button" className="secondary" onClick={() => void save.run(null)} disabled={save.busy}>
            Remove limit
          </button>
        )}
      </div>
      {saved && <Success>{saved}</Success>}
    </form>
  );
}

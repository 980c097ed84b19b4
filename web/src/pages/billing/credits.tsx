import { useEffect, useState, type FormEvent } from 'react';
import type { CreditGrant, CreditPack, CreditsPage as Credits } from '../../../../shared/client/argus-client';
import { api, consoleUrl } from '../../api';
import { useOrg } from '../../org-context';
import { useLocation } from '../../router';
import { Async, Spinner, Success, useLoad } from '../../ui/async';
import { ActionError, Field, Select, SubmitButton, useAction } from '../../ui/form';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { usePoll } from '../../ui/poll';
import { TableWrap } from '../../ui/table-wrap';

const PAGE = 50;

/**
 * Prepaid credits: the spendable balance per metric, the grants behind it (purchases and operators' grants, with what
 * is left and when it expires), and, for admins, a credit pack bought through Stripe Checkout. Coming back paid
 * (`?checkout=success&session=`), the page waits for the webhook's grant (its id is the Checkout Session's).
 */
export function CreditsPage() {
  const { orgId, isAdmin } = useOrg();
  const { query } = useLocation();
  const session = query.get('checkout') === 'success' ? query.get('session') : null;
  const state = useLoad(async () => {
    const [credits, catalog] = await Promise.all([api().client.credits(orgId, { limit: PAGE }), api().client.plans()]);
    return { credits, packs: catalog.creditPacks };
  }, [orgId]);
  const [more, setMore] = useState<Pick<Credits, 'grants' | 'nextCursor'>>();
  useEffect(() => setMore(undefined), [state.data]);
  const loadMore = useAction(async (cursor: string) => {
    const page = await api().client.credits(orgId, { limit: PAGE, cursor });
    setMore((m) => ({ grants: [...(m?.grants ?? []), ...page.grants], nextCursor: page.nextCursor }));
  });

  const poll = usePoll(session !== null, () => findGrant(orgId, session ?? ''), (g) => g !== undefined);
  useEffect(() => {
    if (poll.phase === 'done') state.reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [poll.phase]);

  return (
    <>
      <h1>Credits</h1>
      {query.get('checkout') === 'canceled' && <p className="notice" role="status">Checkout was canceled: nothing was charged.</p>}
      {poll.phase === 'waiting' && <Spinner label="Payment received. Waiting for Stripe to confirm the purchase…" />}
      {poll.phase === 'done' && poll.value && (
        <Success>
          {formatNumber(poll.value.quantity)} {poll.value.metric} credits were added.
        </Success>
      )}
      {poll.phase === 'timeout' && (
        <p className="notice warning" role="status">
          Stripe has not confirmed the purchase yet. It usually takes a few seconds: reload this page in a moment.
        </p>
      )}
      <Async state={state}>
        {({ credits, packs }) => {
          const grants = [...credits.grants, ...(more?.grants ?? [])];
          const cursor = more ? more.nextCursor : credits.nextCursor;
          const balances = Object.entries(credits.balances);
          return (
            <>
              <section aria-labelledby="balances-heading">
                <h2 id="balances-heading">Balances</h2>
                {balances.length === 0 ? (
                  <p className="empty">No credits yet.</p>
                ) : (
                  <dl className="balances">
                    {balances.map(([metric, balance]) => (
                      <div key={metric} className="balance" data-metric={metric}>
                        <dt>{metric}</dt>
                        <dd data-testid={`balance-${metric}`}>{formatNumber(balance)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </section>
              {isAdmin && packs.length > 0 && <BuyPack orgId={orgId} packs={packs} />}
              <section aria-labelledby="grants-heading">
                <h2 id="grants-heading">Grants</h2>
                {grants.length === 0 ? <p className="empty">No grants yet.</p> : <GrantsTable grants={grants} />}
                {cursor && (
                  <div className="actions">
                    <button type="button" className="secondary" onClick={() => void loadMore.run(cursor)} disabled={loadMore.busy}>
                      {loadMore.busy ? 'Loading…' : 'Load more'}
                    </button>
                  </div>
                )}
                <ActionError error={loadMore.error} />
              </section>
            </>
          );
        }}
      </Async>
    </>
  );
}

/** The grant a paid pack session made (its id is the session's), looked for over the first few pages. */
async function findGrant(orgId: string, sessionId: string): Promise<CreditGrant | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const credits = await api().client.credits(orgId, { limit: 100, cursor });
    const grant = credits.grants.find((g) => g.id === sessionId);
    if (grant || !credits.nextCursor) return grant;
    cursor = credits.nextCursor;
  }
  return undefined;
}

function GrantsTable({ grants }: { grants: CreditGrant[] }) {
  return (
    <TableWrap label="Credit grants">
      <table>
        <caption className="visually-hidden">Credit grants</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Source</th>
            <th scope="col" className="num">Granted</th>
            <th scope="col" className="num">Remaining</th>
            <th scope="col">Expires</th>
            <th scope="col">Added</th>
          </tr>
        </thead>
        <tbody>
          {grants.map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.metric}</th>
              <td>{g.source === 'purchase' ? 'Purchase' : 'Grant'}</td>
              <td className="num">{formatNumber(g.quantity)}</td>
              <td className="num">{formatNumber(g.remaining)}</td>
              <td>{g.expiresAt ? formatDate(g.expiresAt) : 'Never'}</td>
              <td>{formatDate(g.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function BuyPack({ orgId, packs }: { orgId: string; packs: CreditPack[] }) {
  const [packId, setPackId] = useState(packs[0].id);
  const [quantity, setQuantity] = useState('1');
  const [invalid, setInvalid] = useState<string>();
  const pack = packs.find((p) => p.id === packId) ?? packs[0];
  const buy = useAction(async (count: number) => {
    const back = consoleUrl(`/orgs/${orgId}/credits`);
    // Stripe (and the local emulator) put the session's id in place of {CHECKOUT_SESSION_ID} when sending the person back.
    const { url } = await api().client.buyCreditPack(orgId, { packId, quantity: count, successUrl: `${back}?checkout=success&session={CHECKOUT_SESSION_ID}`, cancelUrl: `${back}?checkout=canceled` });
    window.location.assign(url);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const count = Number(quantity.trim());
    if (!/^\d+$/.test(quantity.trim()) || count < 1 || count > 100) return setInvalid('Enter a whole number from 1 to 100.');
    setInvalid(undefined);
    void buy.run(count);
  };
  const count = Number(quantity) || 0;
  return (
    <section className="card" aria-labelledby="buy-heading">
      <h2 id="buy-heading">Buy credits</h2>
      <form onSubmit={submit} noValidate>
        <Select label="Credit pack" value={packId} onChange={(e) => setPackId(e.target.value)}>
          {packs.map((p) => (
            <option key={p.id} value={p.id}>
              {formatNumber(p.quantity)} {p.metric} for {formatMoney(p.price)}, valid {p.validDays} days
            </option>
          ))}
        </Select>
        <Field label="Packs" name="quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} error={invalid} />
        {count >= 1 && count <= 100 && Number.isInteger(count) && (
          <p className="hint">
            {formatNumber(count * pack.quantity)} {pack.metric} for {formatMoney({ amount: count * pack.price.amount, currency: pack.price.currency })}
          </p>
        )}
        <ActionError error={buy.error} />
        <SubmitButton busy={buy.busy}>Buy with Stripe</SubmitButton>
      </form>
    </section>
  );
}

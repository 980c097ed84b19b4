import { useState } from 'react';
import { AUDIT_ACTIONS } from '../../../../shared/audit/audit-actions';
import type { AuditEntry } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Async, Spinner, useLoad } from '../../ui/async';
import { allMembers } from '../../ui/all-pages';
import { Select } from '../../ui/form';
import { formatDateTime } from '../../ui/format';
import { LoadMore, usePaged } from '../../ui/paged';

/** The actions one can filter by: the API's own list (plain data, shared with the server). */
const ACTIONS = AUDIT_ACTIONS;

const ACTOR_KINDS: Record<AuditEntry['actor']['type'], string> = { user: 'User', apiKey: 'API key', stripe: 'Stripe', system: 'System', operator: 'Operator' };

/** The org's audit log (admin): newest first, filtered by action, a page at a time. */
export function AuditLogPage() {
  const { orgId } = useOrg();
  const [action, setAction] = useState('');
  const entries = usePaged((cursor) => api().client.auditLog(orgId, { cursor, action: action || undefined }).then((p) => ({ items: p.entries, nextCursor: p.nextCursor })), [orgId, action]);
  // Names for the user ids in `actor` (members only; a former member shows by id).
  const people = useLoad(() => allMembers(orgId).then((m) => new Map(m.map((x) => [x.userId, x.email]))), [orgId]);

  return (
    <>
      <h1>Audit log</h1>
      <p>Every change to this organization, newest first. Entries are never edited or deleted.</p>
      <div className="filters">
        <Select label="Action" name="action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">All actions</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      </div>
      {entries.state.loading && entries.state.data && <Spinner label="Loading entries…" />}
      <Async state={entries.state} isEmpty={(l) => l.length === 0} empty={action ? `No “${action}” entries.` : 'No entries yet.'}>
        {(list) => (
          <div className="table-wrap">
            <table className="audit">
              <caption className="visually-hidden">Audit log entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {list.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </th>
                    <td>{actorName(entry.actor, people.data)}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td className="wrap">{entry.target}</td>
                    <td className="wrap">
                      <Details details={entry.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      <LoadMore paged={entries} />
    </>
  );
}

function actorName(actor: AuditEntry['actor'], people: Map<string, string> | undefined): string {
  if (actor.type === 'user') return people?.get(actor.id) ?? `User ${actor.id}`;
  return `${ACTOR_KINDS[actor.type] ?? actor.type} ${actor.id}`;
}

function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details ?? {});
  if (entries.length === 0) return <>—</>;
  return (
    <dl className="details">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

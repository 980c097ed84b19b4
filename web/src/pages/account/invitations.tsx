import { useState } from 'react';
import type { ReceivedInvitation } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useMe } from '../../org-context';
import { navigate } from '../../router';
import { Async, Success } from '../../ui/async';
import { ActionError, useAction } from '../../ui/form';
import { formatDate } from '../../ui/format';
import { LoadMore, usePaged } from '../../ui/paged';

/** Invitations the signed-in user received: accept (then go to that org) or decline. */
export function InvitationsPage() {
  const { reloadMe } = useMe();
  const [notice, setNotice] = useState<string>();
  const invitations = usePaged((cursor) => api().client.myInvitations({ cursor }).then((p) => ({ items: p.invitations, nextCursor: p.nextCursor })), []);
  const accept = useAction(async (invitation: ReceivedInvitation) => {
    const joined = await api().client.acceptInvitation(invitation.id);
    await reloadMe();
    navigate(`/orgs/${encodeURIComponent(joined.orgId)}/overview`);
  });
  const decline = useAction(async (invitation: ReceivedInvitation) => {
    await api().client.declineInvitation(invitation.id);
    setNotice(`You declined the invitation to ${invitation.orgName}.`);
    invitations.state.reload();
  });
  return (
    <>
      <h1>Invitations</h1>
      {notice && <Success>{notice}</Success>}
      <ActionError error={accept.error ?? decline.error} />
      <Async state={invitations.state} isEmpty={(l) => l.length === 0} empty="You have no pending invitations.">
        {(list) => (
          <ul className="invitation-list">
            {list.map((invitation) => (
              <li key={invitation.id} className="card">
                <h2>{invitation.orgName}</h2>
                <p>
                  You are invited as <strong>{invitation.role}</strong>. The invitation expires on {formatDate(invitation.expiresAt)}.
                </p>
                <div className="actions">
                  <button type="button" disabled={accept.busy || decline.busy} onClick={() => void accept.run(invitation)} aria-label={`Accept the invitation to ${invitation.orgName}`}>
                    Accept
                  </button>
                  <button type="button" className="secondary" disabled={accept.busy || decline.busy} onClick={() => void decline.run(invitation)} aria-label={`Decline the invitation to ${invitation.orgName}`}>
                    Decline
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Async>
      <LoadMore paged={invitations} />
    </>
  );
}

import { useState, type FormEvent } from 'react';
import type { Invitation, Member, Org, OrgRole } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useOrg } from '../../org-context';
import { navigate } from '../../router';
import { Async, Success, useLoad } from '../../ui/async';
import { allMembers, allPages } from '../../ui/all-pages';
import { ConfirmStep } from '../../ui/confirm-step';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, Select, SubmitButton, useAction } from '../../ui/form';
import { formatDate, formatNumber } from '../../ui/format';

const ROLES: OrgRole[] = ['owner', 'admin', 'member'];

interface MembersView {
  org: Org;
  members: Member[];
  /** Pending invitations (admins only; members do not read them). */
  invitations: Invitation[];
}

/**
 * What the signed-in user may do to a member, as the API decides it (CONTRACT §3): admins change roles and remove,
 * only owners grant or take `owner`, and the last owner stays. Controls the API would refuse are not shown.
 */
export function allowedRoles(callerRole: OrgRole, target: Member, owners: number): OrgRole[] {
  if (callerRole === 'member') return [];
  if (target.role === 'owner') return callerRole === 'owner' && owners > 1 ? ROLES : [];
  return callerRole === 'owner' ? ROLES : ['admin', 'member'];
}

export function mayRemove(callerRole: OrgRole, callerId: string, target: Member, owners: number): boolean {
  if (target.userId === callerId || callerRole === 'member') return false;
  return target.role !== 'owner' || (callerRole === 'owner' && owners > 1);
}

/** Members and invitations: everyone reads the members and may leave; admins invite, change roles and remove. */
export function MembersPage() {
  const { orgId, role, isAdmin, me, reloadMe } = useOrg();
  const state = useLoad(() => loadMembers(orgId, isAdmin), [orgId, isAdmin]);
  const [notice, setNotice] = useState<string>();

  const leave = useAction(async () => {
    await api().client.removeMember(orgId, me.id);
    await reloadMe();
    navigate('/', { replace: true });
  });

  return (
    <>
      <h1>Members</h1>
      {notice && <Success>{notice}</Success>}
      <Async state={state}>
        {({ org, members, invitations }) => {
          const owners = members.filter((m) => m.role === 'owner').length;
          const lastOwner = role === 'owner' && owners <= 1;
          return (
            <>
              <p className="seats">
                Seats: {formatNumber(org.seats.used)} used of {org.seats.limit === null ? 'unlimited' : formatNumber(org.seats.limit)}
              </p>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Members of {org.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Email</th>
                      <th scope="col">Name</th>
                      <th scope="col">Role</th>
                      <th scope="col">Joined</th>
                      {isAdmin && (
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((member) => (
                      <MemberRow
                        key={member.userId}
                        member={member}
                        you={member.userId === me.id}
                        roles={allowedRoles(role, member, owners)}
                        removable={mayRemove(role, me.id, member, owners)}
                        isAdmin={isAdmin}
                        onChanged={async (text) => {
                          setNotice(text);
                          if (member.userId === me.id) await reloadMe();
                          state.reload();
                        }}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              {isAdmin && (
                <>
                  <InviteForm
                    canInviteOwner={role === 'owner'}
                    onInvited={(text) => {
                      setNotice(text);
                      state.reload();
                    }}
                  />
                  <Invitations invitations={invitations} onChanged={(text) => {
                      setNotice(text);
                      state.reload();
                    }} />
                </>
              )}
              <section className="card" aria-labelledby="leave-title">
                <h2 id="leave-title">Leave {org.name}</h2>
                {lastOwner ? (
                  <p>You are the only owner. Make another member owner before you leave.</p>
                ) : (
                  <>
                    <p>You lose access to this organization until someone invites you again.</p>
                    <ConfirmStep label="Leave organization" question={`Leave ${org.name}?`} confirmLabel="Yes, leave" busy={leave.busy} onConfirm={leave.run} />
                  </>
                )}
                <ActionError error={leave.error} />
              </section>
            </>
          );
        }}
      </Async>
    </>
  );
}

async function loadMembers(orgId: string, isAdmin: boolean): Promise<MembersView> {
  const client = api().client;
  const [org, members, invitations] = await Promise.all([
    client.org(orgId),
    allMembers(orgId),
    isAdmin ? allPages((cursor) => client.listInvitations(orgId, { limit: 100, cursor }).then((p) => ({ items: p.invitations, nextCursor: p.nextCursor }))) : [],
  ]);
  return { org, members: members.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.email.localeCompare(b.email)), invitations };
}

function MemberRow({ member, you, roles, removable, isAdmin, onChanged }: { member: Member; you: boolean; roles: OrgRole[]; removable: boolean; isAdmin: boolean; onChanged: (notice: string) => Promise<void> }) {
  const { orgId } = useOrg();
  const [role, setRole] = useState<OrgRole>(member.role);
  const change = useAction(async () => {
    await api().client.changeMemberRole(orgId, member.userId, role);
    await onChanged(`${member.email} is now ${article(role)} ${role}.`);
  });
  const remove = useAction(async () => {
    await api().client.removeMember(orgId, member.userId);
    await onChanged(`${member.email} was removed from the organization.`);
  });
  return (
    <tr>
      <th scope="row">
        {member.email}
        {you && <span className="badge you">you</span>}
      </th>
      <td>{member.name ?? '—'}</td>
      <td>{member.role}</td>
      <td>{formatDate(member.joinedAt)}</td>
      {isAdmin && (
        <td>
          <div className="row-actions">
            {roles.length > 0 && (
              <form
                className="role-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void change.run();
                }}
              >
                <Select label={`Role of ${member.email}`} value={role} onChange={(e) => setRole(e.target.value as OrgRole)}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </Select>
                {role !== member.role && <SubmitButton busy={change.busy}>Change role</SubmitButton>}
              </form>
            )}
            {removable && <ConfirmStep label="Remove" question={`Remove ${member.email}?`} confirmLabel="Yes, remove" busy={remove.busy} onConfirm={remove.run} />}
          </div>
          <ActionError error={change.error ?? remove.error} />
        </td>
      )}
    </tr>
  );
}

function InviteForm({ canInviteOwner, onInvited }: { canInviteOwner: boolean; onInvited: (notice: string) => void }) {
  const { orgId } = useOrg();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('member');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const invite = useAction(async () => {
    try {
      const sent = await api().client.invite(orgId, email.trim(), role);
      setEmail('');
      onInvited(`Invitation sent to ${sent.email} (expires ${formatDate(sent.expiresAt)}).`);
    } catch (error) {
      const fields = fieldErrors(error);
      setInvalid({ email: fields['body.email'] ?? fields.email });
      throw error;
    }
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.email = 'Enter the email address to invite.';
    else if (email.trim().length > 254) problems.email = 'At most 254 characters.';
    setInvalid(problems);
    if (!Object.keys(problems).length) void invite.run();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <Field label="Email" name="email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={invalid.email} />
      <Select label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as OrgRole)}>
        {(canInviteOwner ? ROLES : ROLES.filter((r) => r !== 'owner')).map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <ActionError error={invite.error} />
      <SubmitButton busy={invite.busy}>Send invitation</SubmitButton>
    </form>
  );
}

function Invitations({ invitations, onChanged }: { invitations: Invitation[]; onChanged: (notice: string) => void }) {
  const { orgId } = useOrg();
  const withdraw = useAction(async (invitation: Invitation) => {
    await api().client.withdrawInvitation(orgId, invitation.id);
    onChanged(`The invitation to ${invitation.email} was withdrawn.`);
  });
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Pending invitations</h2>
      <ActionError error={withdraw.error} />
      {invitations.length === 0 ? (
        <p className="empty">No pending invitations.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Pending invitations</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row">{invitation.email}</th>
                  <td>{invitation.role}</td>
                  <td>{formatDate(invitation.expiresAt)}</td>
                  <td>
                    <ConfirmStep label="Withdraw" question={`Withdraw the invitation to ${invitation.email}?`} confirmLabel="Yes, withdraw" busy={withdraw.busy} onConfirm={() => withdraw.run(invitation)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function article(role: OrgRole): string {
  return role === 'owner' || role === 'admin' ? 'an' : 'a';
}

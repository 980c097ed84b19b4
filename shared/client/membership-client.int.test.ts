import { localStack } from '../../infra/local/testing/local-stack';
import { newUser } from '../../infra/local/testing/users';
import { ArgusApiError, ArgusClient } from './argus-client';

describe('ArgusClient: members and invitations', () => {
  it('invites, accepts, pages members, changes a role, leaves, and maps refusals to ArgusApiError', async () => {
    const [owner, invitee] = await Promise.all([newUser(), newUser()]);
    const as = (token: string) => new ArgusClient({ baseUrl: localStack().apiUrl, token });
    const ownerClient = as(owner.token);
    const inviteeClient = as(invitee.token);

    const invitation = await ownerClient.invite(owner.orgId, invitee.email, 'member');
    expect((await ownerClient.listInvitations(owner.orgId)).invitations).toEqual([invitation]);
    expect((await inviteeClient.myInvitations({ limit: 10 })).invitations.map((i) => i.id)).toEqual([invitation.id]);
    expect(await inviteeClient.acceptInvitation(invitation.id)).toMatchObject({ orgId: owner.orgId, userId: invitee.userId, role: 'member' });

    const first = await ownerClient.listMembers(owner.orgId, { limit: 1 });
    expect(first.members).toHaveLength(1);
    const second = await ownerClient.listMembers(owner.orgId, { limit: 1, cursor: first.nextCursor! });
    expect([...first.members, ...second.members].map((m) => m.userId).sort()).toEqual([owner.userId, invitee.userId].sort());
    expect(second.nextCursor).toBeNull();

    expect((await ownerClient.changeMemberRole(owner.orgId, invitee.userId, 'admin')).role).toBe('admin');
    const refused = await inviteeClient.invite(owner.orgId, 'x@example.test', 'owner').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ArgusApiError);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });

    await inviteeClient.removeMember(owner.orgId, invitee.userId);
    await expect(inviteeClient.listMembers(owner.orgId)).rejects.toMatchObject({ status: 404, code: 'not_found' });

    const withdrawn = await ownerClient.invite(owner.orgId, invitee.email, 'member');
    await ownerClient.withdrawInvitation(owner.orgId, withdrawn.id);
    await expect(inviteeClient.declineInvitation(withdrawn.id)).rejects.toMatchObject({ status: 404 });
  });
});

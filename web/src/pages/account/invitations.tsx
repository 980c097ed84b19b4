/** Invitations — to be built (CONTRACT §7). */
export function InvitationsPage() {
  return <h1>Invitations</h1>;
}

/** Members — to be built (CONTRACT §7). */
export function MembersPage() {
  return <h1>Members</h1>;
}

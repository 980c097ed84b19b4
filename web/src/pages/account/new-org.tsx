/** New organization — to be built (CONTRACT §7). */
export function NewOrgPage() {
  return <h1>New organization</h1>;
}

/** Account and security — to be built (CONTRACT §7). */
export function AccountPage() {
  return <h1>Account and security</h1>;
}

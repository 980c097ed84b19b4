/** Credits — to be built (CONTRACT §7). */
export function CreditsPage() {
  return <h1>Credits</h1>;
}

/** Licenses — to be built (CONTRACT §7). */
export function LicensesPage() {
  return <h1>Licenses</h1>;
}

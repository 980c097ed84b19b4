/** Overview — to be built (CONTRACT §7). */
export function OverviewPage() {
  return <h1>Overview</h1>;
}

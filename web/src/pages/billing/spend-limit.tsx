/** Spend limit — to be built (CONTRACT §7). */
export function SpendLimitPage() {
  return <h1>Spend limit</h1>;
}

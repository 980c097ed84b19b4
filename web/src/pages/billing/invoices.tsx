/** Invoices — to be built (CONTRACT §7). */
export function InvoicesPage() {
  return <h1>Invoices</h1>;
}

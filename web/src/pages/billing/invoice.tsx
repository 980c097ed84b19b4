/** Invoice — to be built (CONTRACT §7). */
export function InvoicePage() {
  return <h1>Invoice</h1>;
}

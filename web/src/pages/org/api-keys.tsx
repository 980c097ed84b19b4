/** API keys — to be built (CONTRACT §7). */
export function ApiKeysPage() {
  return <h1>API keys</h1>;
}

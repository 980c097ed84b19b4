/** Confirm your email — to be built (CONTRACT §7). */
export function ConfirmPage() {
  return <h1>Confirm your email</h1>;
}

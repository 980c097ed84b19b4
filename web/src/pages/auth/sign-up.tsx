/** Create an account — to be built (CONTRACT §7). */
export function SignUpPage() {
  return <h1>Create an account</h1>;
}

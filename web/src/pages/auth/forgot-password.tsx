/** Reset your password — to be built (CONTRACT §7). */
export function ForgotPasswordPage() {
  return <h1>Reset your password</h1>;
}

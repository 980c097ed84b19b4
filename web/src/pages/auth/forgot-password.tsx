import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Link, navigate, useLocation } from '../../router';
import { Success } from '../../ui/async';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';
import { EMAIL, PasswordRules, passwordProblem } from './password-rules';

/**
 * Two steps: ask for a reset code (the API answers 202 whether or not the account exists), then the code and a new
 * password. Sessions opened before the reset end; the user signs in again.
 */
export function ForgotPasswordPage() {
  const { query } = useLocation();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  const request = useAction(async () => {
    await api().auth.forgotPassword(email.trim());
    setSent(true);
  });
  const reset = useAction(async () => {
    try {
      await api().auth.resetPassword(email.trim(), code.trim(), password);
    } catch (error) {
      const fields = fieldErrors(error);
      setInvalid({ ...fields, ...(fields.newPassword ? { password: fields.newPassword } : {}) });
      throw error;
    }
    navigate(`/signin?email=${encodeURIComponent(email.trim())}&reset=1`, { replace: true });
  });

  const submitEmail = (event: FormEvent) => {
    event.preventDefault();
    if (!EMAIL.test(email.trim())) return setInvalid({ email: 'Enter your email address.' });
    setInvalid({});
    void request.run();
  };
  const submitReset = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!code.trim()) problems.code = 'Enter the code from the email.';
    else if (code.trim().length > 64) problems.code = 'That code is too long: copy it from the email.';
    const weak = passwordProblem(password);
    if (weak) problems.password = weak;
    setInvalid(problems);
    if (!Object.keys(problems).length) void reset.run();
  };

  if (!sent) {
    return (
      <main className="auth-card">
        <h1>Reset your password</h1>
        <p>Enter your account's email address and we will send you a code to choose a new password.</p>
        <form onSubmit={submitEmail} noValidate>
          <Field label="Email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={invalid.email} />
          <ActionError error={request.error} />
          <SubmitButton busy={request.busy}>Send reset code</SubmitButton>
        </form>
        <p>
          <Link to="/signin">Back to sign in</Link>
        </p>
      </main>
    );
  }
  return (
    <main className="auth-card">
      <h1>Choose a new password</h1>
      <Success>If an account uses {email.trim()}, a reset code is on its way to it.</Success>
      <form onSubmit={submitReset} noValidate>
        <Field label="Reset code" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={invalid.code} />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={invalid.password} hint={<PasswordRules password={password} />} />
        <ActionError error={reset.error} />
        <SubmitButton busy={reset.busy}>Set new password</SubmitButton>
      </form>
      <div className="actions">
        <button type="button" className="link" onClick={() => setSent(false)}>
          Use another email address or send the code again
        </button>
      </div>
    </main>
  );
}

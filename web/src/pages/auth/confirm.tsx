import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Link, navigate, useLocation } from '../../router';
import { Success } from '../../ui/async';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';
import { EMAIL } from './password-rules';

/** The code mailed at sign-up confirms the email (and creates the user's first org); it can be sent again. */
export function ConfirmPage() {
  const { query } = useLocation();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [resent, setResent] = useState(false);

  const confirm = useAction(async () => {
    try {
      await api().auth.confirm(email.trim(), code.trim());
    } catch (error) {
      setInvalid(fieldErrors(error));
      throw error;
    }
    navigate(`/signin?email=${encodeURIComponent(email.trim())}&confirmed=1`, { replace: true });
  });
  const resend = useAction(async () => {
    setResent(false);
    await api().auth.resendCode(email.trim());
    setResent(true);
  });

  const checkEmail = (): boolean => {
    if (EMAIL.test(email.trim())) return true;
    setInvalid({ email: 'Enter the email address you signed up with.' });
    return false;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!checkEmail()) return;
    if (!code.trim()) return setInvalid({ code: 'Enter the code from the email.' });
    if (code.trim().length > 64) return setInvalid({ code: 'That code is too long: copy it from the email.' });
    setInvalid({});
    void confirm.run();
  };
  const sendAgain = () => {
    if (!checkEmail()) return;
    setInvalid({});
    void resend.run();
  };

  return (
    <main className="auth-card">
      <h1>Confirm your email</h1>
      <p>We sent a confirmation code to your email address. Enter it here to finish creating your account.</p>
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={invalid.email} />
        <Field label="Confirmation code" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={invalid.code} />
        <ActionError error={confirm.error} />
        <SubmitButton busy={confirm.busy}>Confirm</SubmitButton>
      </form>
      <div className="actions">
        <button type="button" className="secondary" onClick={sendAgain} disabled={resend.busy}>
          {resend.busy ? 'Sending…' : 'Send the code again'}
        </button>
      </div>
      {resent && <Success>If an unconfirmed account uses that address, a new code is on its way.</Success>}
      <ActionError error={resend.error} />
      <p>
        <Link to="/signin">Back to sign in</Link>
      </p>
    </main>
  );
}

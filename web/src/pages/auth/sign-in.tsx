import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Link, navigate, useLocation } from '../../router';
import { Success } from '../../ui/async';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';

/** Email and password, then — when the account has MFA on — the code of the authenticator app. */
export function SignInPage() {
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string>();
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const arrived = query.get('confirmed') ? 'Your email is confirmed. Sign in to continue.' : query.get('reset') ? 'Your password was changed. Sign in with the new one.' : query.get('created') ? 'Your account is ready. Sign in to continue.' : undefined;

  const login = useAction(async () => {
    const answer = await api().auth.login(email.trim(), password);
    if ('challenge' in answer) return setChallenge(answer.session);
    api().session.begin(answer);
    navigate(next, { replace: true });
  });
  const mfa = useAction(async (session: string) => {
    api().session.begin(await api().auth.completeMfa(email.trim(), session, code.trim()));
    navigate(next, { replace: true });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) problems.email = 'Enter your email address.';
    if (!password) problems.password = 'Enter your password.';
    setInvalid(problems);
    if (!Object.keys(problems).length) void login.run();
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setInvalid({ code: 'Enter the 6-digit code from your authenticator app.' });
    setInvalid({});
    void mfa.run(challenge!);
  };

  if (challenge) {
    return (
      <main className="auth-card">
        <h1>Two-step verification</h1>
        <form onSubmit={submitCode} noValidate>
          <Field label="Authentication code" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={invalid.code} autoFocus />
          <ActionError error={mfa.error} />
          <SubmitButton busy={mfa.busy}>Verify</SubmitButton>
        </form>
      </main>
    );
  }
  return (
    <main className="auth-card">
      <h1>Sign in to Argus</h1>
      {arrived && <Success>{arrived}</Success>}
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={invalid.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={invalid.password} />
        <ActionError error={login.error} />
        <SubmitButton busy={login.busy}>Sign in</SubmitButton>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Create an account</Link>
      </p>
    </main>
  );
}

/** Only a path of the console itself is a place to go back to after signing in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

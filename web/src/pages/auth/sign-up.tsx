import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Link, navigate } from '../../router';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';
import { EMAIL, PasswordRules, passwordProblem } from './password-rules';

/**
 * A new account and its first org (the user is its owner, on Explorer). A stage that does not auto-confirm answers
 * `confirmed: false`: the code is on its way by mail, so the next step is /confirm.
 */
export function SignUpPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [orgName, setOrgName] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  const signUp = useAction(async () => {
    const address = email.trim();
    try {
      const answer = await api().auth.signUp({ email: address, password, ...(name.trim() ? { name: name.trim() } : {}), ...(orgName.trim() ? { orgName: orgName.trim() } : {}) });
      navigate(answer.confirmed ? `/signin?email=${encodeURIComponent(answer.email)}&created=1` : `/confirm?email=${encodeURIComponent(answer.email)}`);
    } catch (error) {
      setInvalid(fieldErrors(error));
      throw error;
    }
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!EMAIL.test(email.trim())) problems.email = 'Enter your email address.';
    const weak = passwordProblem(password);
    if (weak) problems.password = weak;
    if (name.trim().length > 100) problems.name = 'Use at most 100 characters.';
    if (orgName.trim().length > 100) problems.orgName = 'Use at most 100 characters.';
    setInvalid(problems);
    if (!Object.keys(problems).length) void signUp.run();
  };

  return (
    <main className="auth-card">
      <h1>Create your Argus account</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={invalid.email} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={invalid.password} hint={<PasswordRules password={password} />} />
        <Field label="Your name (optional)" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={invalid.name} />
        <Field label="Organization name (optional)" name="orgName" autoComplete="organization" value={orgName} onChange={(e) => setOrgName(e.target.value)} error={invalid.orgName} />
        <ActionError error={signUp.error} />
        <SubmitButton busy={signUp.busy}>Create account</SubmitButton>
      </form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import { ArgusApiError } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useMe } from '../../org-context';
import { Link, navigate } from '../../router';
import { Success } from '../../ui/async';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';

/** The signed-in user: profile, two-step verification (TOTP) and signing out. */
export function AccountPage() {
  const { me } = useMe();
  const signOut = useAction(async () => {
    await api().session.signOut();
    navigate('/signin', { replace: true });
  });
  return (
    <>
      <h1>Account and security</h1>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{me.email}</dd>
          <dt>Name</dt>
          <dd>{me.name ?? '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="orgs-title">
        <h2 id="orgs-title">Your organizations</h2>
        {me.orgs.length === 0 ? (
          <p>You do not belong to any organization.</p>
        ) : (
          <ul>
            {me.orgs.map((org) => (
              <li key={org.id}>
                <Link to={`/orgs/${encodeURIComponent(org.id)}/overview`}>{org.name}</Link> ({org.role})
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/orgs/new">Create an organization</Link> · <Link to="/invitations">Invitations you received</Link>
        </p>
      </section>
      <TwoStep />
      <section className="card" aria-labelledby="session-title">
        <h2 id="session-title">Session</h2>
        <p>Signing out ends this session on this device.</p>
        <button type="button" className="secondary" disabled={signOut.busy} onClick={() => void signOut.run()}>
          Sign out of Argus
        </button>
      </section>
    </>
  );
}

/** The current access token (TOTP routes take the user's own token), or a sentence when the session has ended. */
async function accessToken(): Promise<string> {
  const token = await api().session.token();
  if (!token) throw new Error('Your session has ended. Sign in again.');
  return token;
}

const CODE = /^\d{6}$/;

/**
 * TOTP: the API does not say whether a user has it on, so the page starts neutral and learns it from the answers
 * (enrolment refused with 409 while it is on).
 */
function TwoStep() {
  const [status, setStatus] = useState<'unknown' | 'on' | 'off'>('unknown');
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string }>();
  const [turningOff, setTurningOff] = useState(false);
  const [notice, setNotice] = useState<string>();
  const start = useAction(async () => {
    setNotice(undefined);
    try {
      setEnrolment(await api().auth.startTotp(await accessToken()));
    } catch (error) {
      if (error instanceof ArgusApiError && error.status === 409) setStatus('on');
      throw error;
    }
  });
  return (
    <section className="card" aria-labelledby="mfa-title">
      <h2 id="mfa-title">Two-step verification</h2>
      <p>
        With two-step verification on, signing in asks for a 6-digit code from an authenticator app (such as 1Password, Google Authenticator or
        Authy) after your password.
      </p>
      {notice && <Success>{notice}</Success>}
      {status === 'on' && !notice && <p className="badge status-on">Two-step verification is on.</p>}
      {enrolment ? (
        <Enrol
          enrolment={enrolment}
          onEnabled={() => {
            setEnrolment(undefined);
            setStatus('on');
            setNotice('Two-step verification is on. Signing in now asks for a code from your app.');
          }}
          onCancel={() => setEnrolment(undefined)}
        />
      ) : (
        <>
          {status !== 'on' && (
            <div className="actions">
              <button type="button" disabled={start.busy} aria-busy={start.busy || undefined} onClick={() => void start.run()}>
                {start.busy ? 'Working…' : 'Set up an authenticator app'}
              </button>
            </div>
          )}
          <ActionError error={start.error} />
          {turningOff || status === 'on' ? (
            <TurnOff
              onDisabled={() => {
                setTurningOff(false);
                setStatus('off');
                start.clear();
                setNotice('Two-step verification is off. Signing in asks for your password only.');
              }}
              onCancel={status === 'on' ? undefined : () => setTurningOff(false)}
            />
          ) : (
            <p>
              <button type="button" className="link" onClick={() => setTurningOff(true)}>
                Turn off two-step verification
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Enrol({ enrolment, onEnabled, onCancel }: { enrolment: { secret: string; otpauthUri: string }; onEnabled: () => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const verify = useAction(async () => {
    try {
      await api().auth.verifyTotp(await accessToken(), code.trim());
    } catch (error) {
      setInvalid(fieldErrors(error)['body.code']);
      throw error;
    }
    onEnabled();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!CODE.test(code.trim())) return setInvalid('Enter the 6-digit code your app shows.');
    setInvalid(undefined);
    void verify.run();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="enrol-title">
      <h3 id="enrol-title">Add Argus to your authenticator app</h3>
      <ol>
        <li>
          In your app, add an account by entering this setup key:
          <p className="secret">
            <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          or, if your app takes one, this link:
          <p className="secret">
            <code data-testid="totp-uri">{enrolment.otpauthUri}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app shows for Argus.</li>
      </ol>
      <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={invalid} />
      <ActionError error={verify.error} />
      <div className="actions">
        <SubmitButton busy={verify.busy}>Verify and turn on</SubmitButton>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TurnOff({ onDisabled, onCancel }: { onDisabled: () => void; onCancel?: () => void }) {
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const disable = useAction(async () => {
    try {
      await api().auth.disableMfa(await accessToken(), code.trim());
    } catch (error) {
      setInvalid(fieldErrors(error)['body.code']);
      throw error;
    }
    onDisabled();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!CODE.test(code.trim())) return setInvalid('Enter the current 6-digit code from your app.');
    setInvalid(undefined);
    void disable.run();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="turn-off-title">
      <h3 id="turn-off-title">Turn off two-step verification</h3>
      <p>A current code from your app is needed, so that a stolen session alone cannot remove it.</p>
      <Field label="Current code" name="disableCode" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={invalid} />
      <ActionError error={disable.error} />
      <div className="actions">
        <SubmitButton busy={disable.busy} className="danger">
          Turn off
        </SubmitButton>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

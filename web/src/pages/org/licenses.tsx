import { useState, type FormEvent } from 'react';
import type { License } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Async, Success } from '../../ui/async';
import { ConfirmStep } from '../../ui/confirm-step';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';
import { formatDate, formatNumber } from '../../ui/format';
import { LoadMore, usePaged } from '../../ui/paged';
import { SecretOnce } from '../../ui/secret-once';

const MAX_DEVICES = 100_000;

/** The org's licenses for its desktop or on-premise software: everyone reads; admins issue (key shown once) and revoke. */
export function LicensesPage() {
  const { orgId, isAdmin } = useOrg();
  const [issued, setIssued] = useState<{ key: string }>();
  const [notice, setNotice] = useState<string>();
  const licenses = usePaged((cursor) => api().client.listLicenses(orgId, { cursor }).then((p) => ({ items: p.licenses, nextCursor: p.nextCursor })), [orgId]);
  const revoke = useAction(async (license: License) => {
    await api().client.revokeLicense(orgId, license.id);
    setNotice(`The license ${license.keyHint} is revoked: validating it answers “revoked” from now on.`);
    licenses.state.reload();
  });

  return (
    <>
      <h1>Licenses</h1>
      <p>A license key lets your installed software check its plan with <code>POST /v1/licenses/validate</code>.</p>
      {isAdmin &&
        (issued ? (
          <SecretOnce title="Your new license key" value={issued.key} onDone={() => setIssued(undefined)} />
        ) : (
          <IssueForm
            onIssued={(key) => {
              setNotice(undefined);
              setIssued({ key });
              licenses.state.reload();
            }}
          />
        ))}
      <h2>Issued licenses</h2>
      {notice && <Success>{notice}</Success>}
      <ActionError error={revoke.error} />
      <Async state={licenses.state} isEmpty={(l) => l.length === 0} empty="No licenses issued yet.">
        {(list) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Issued licenses</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Plan</th>
                  <th scope="col" className="num">
                    Devices
                  </th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  {isAdmin && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.map((license) => (
                  <tr key={license.id}>
                    <th scope="row">
                      <code>{license.keyHint}</code>
                    </th>
                    <td>{license.planId}</td>
                    <td className="num">
                      {formatNumber(license.devices)} / {license.maxDevices === null ? 'unlimited' : formatNumber(license.maxDevices)}
                    </td>
                    <td>{license.expiresAt ? formatDate(license.expiresAt) : 'Never'}</td>
                    <td>
                      <span className={`badge status-${license.status}`}>{license.status}</span>
                      {license.revokedAt && <small className="hint"> {formatDate(license.revokedAt)}</small>}
                    </td>
                    {isAdmin && (
                      <td>
                        {license.status === 'active' && (
                          <ConfirmStep label="Revoke" question={`Revoke ${license.keyHint}? Installations using it stop validating.`} confirmLabel="Yes, revoke" busy={revoke.busy} onConfirm={() => revoke.run(license)} />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      <LoadMore paged={licenses} />
    </>
  );
}

/** The end of a chosen day (YYYY-MM-DD) in the user's time zone, as the ISO timestamp the API takes. */
export function endOfDay(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}

function IssueForm({ onIssued }: { onIssued: (key: string) => void }) {
  const { orgId, planId } = useOrg();
  const [maxDevices, setMaxDevices] = useState('');
  const [expires, setExpires] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const issue = useAction(async (request: { maxDevices?: number; expiresAt?: string }) => {
    try {
      const license = await api().client.createLicense(orgId, request);
      setMaxDevices('');
      setExpires('');
      onIssued(license.key);
    } catch (error) {
      const fields = fieldErrors(error);
      setInvalid({ maxDevices: fields['body.maxDevices'], expires: fields['body.expiresAt'] });
      throw error;
    }
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const request: { maxDevices?: number; expiresAt?: string } = {};
    if (maxDevices.trim()) {
      const n = Number(maxDevices.trim());
      if (!/^\d+$/.test(maxDevices.trim()) || n < 1 || n > MAX_DEVICES) problems.maxDevices = `A whole number from 1 to ${formatNumber(MAX_DEVICES)}, or empty for no limit.`;
      else request.maxDevices = n;
    }
    if (expires) {
      const at = endOfDay(expires);
      if (!at || Date.parse(at) <= Date.now()) problems.expires = 'Choose a day in the future, or leave empty: the license never expires.';
      else request.expiresAt = at;
    }
    setInvalid(problems);
    if (!Object.keys(problems).length) void issue.run(request);
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="issue-title">
      <h2 id="issue-title">Issue a license</h2>
      <p className="hint">It carries the organization’s current plan ({planId}).</p>
      <Field label="Maximum devices" name="maxDevices" inputMode="numeric" value={maxDevices} onChange={(e) => setMaxDevices(e.target.value)} error={invalid.maxDevices} hint="Empty: no limit." />
      <Field label="Expires on" name="expiresAt" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} error={invalid.expires} hint="Empty: never expires." />
      <ActionError error={issue.error} />
      <SubmitButton busy={issue.busy}>Issue license</SubmitButton>
    </form>
  );
}

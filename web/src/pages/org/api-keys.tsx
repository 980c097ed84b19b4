import { useState, type FormEvent } from 'react';
import type { ApiKey, ApiKeyScope, CreatedApiKey } from '../../../../shared/client/argus-client';
import { api } from '../../api';
import { useOrg } from '../../org-context';
import { Async, Success, useLoad } from '../../ui/async';
import { ConfirmStep } from '../../ui/confirm-step';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';
import { formatDateTime } from '../../ui/format';
import { SecretOnce } from '../../ui/secret-once';
import { allMembers, allPages } from '../../ui/all-pages';

/** The scopes a key may carry (CONTRACT §3), with what each lets the key do. */
const SCOPES: { scope: ApiKeyScope; what: string }[] = [
  { scope: 'read', what: 'read the org (usage, plan, entitlements)' },
  { scope: 'usage:write', what: 'report usage' },
  { scope: 'quota:check', what: 'check and consume quota' },
  { scope: 'mcp:invoke', what: 'call the MCP server' },
];

interface KeysView {
  keys: ApiKey[];
  /** Who created keys: member emails by user id. */
  people: Map<string, string>;
}

/** The org's API keys (admin): list, create (the secret shown once), revoke. */
export function ApiKeysPage() {
  const { orgId } = useOrg();
  const [created, setCreated] = useState<CreatedApiKey>();
  const [revoked, setRevoked] = useState<string>();
  const keys = useLoad(() => loadKeys(orgId), [orgId]);
  const revoke = useAction(async (key: ApiKey) => {
    await api().client.revokeApiKey(orgId, key.id);
    setRevoked(key.name);
    keys.reload();
  });

  return (
    <>
      <h1>API keys</h1>
      <p>Keys let your backend call Argus for this organization. Give each key only the scopes it needs.</p>
      {created ? (
        <SecretOnce title={`Your new key “${created.name}”`} value={created.key} onDone={() => setCreated(undefined)} />
      ) : (
        <CreateKeyForm
          onCreated={(key) => {
            setRevoked(undefined);
            setCreated(key);
            keys.reload();
          }}
        />
      )}
      <h2>Active keys</h2>
      {revoked && <Success>The key “{revoked}” is revoked. The API refuses it within 60 seconds.</Success>}
      <ActionError error={revoke.error} />
      <Async state={keys} isEmpty={(v) => v.keys.length === 0} empty="No active keys yet.">
        {(view) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Active API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Created by</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.keys.map((key) => (
                  <tr key={key.id}>
                    <th scope="row">{key.name}</th>
                    <td>
                      <code>{key.prefix}…</code>
                    </td>
                    <td>
                      <ul className="inline-list">
                        {key.scopes.map((s) => (
                          <li key={s} className="badge">
                            {s}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{formatDateTime(key.createdAt)}</td>
                    <td>{key.createdBy ? (view.people.get(key.createdBy.id) ?? 'A former member') : 'An operator'}</td>
                    <td>
                      <ConfirmStep label="Revoke" question={`Revoke “${key.name}”? Calls with it fail from then on.`} confirmLabel="Yes, revoke" busy={revoke.busy} onConfirm={() => revoke.run(key)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </>
  );
}

async function loadKeys(orgId: string): Promise<KeysView> {
  const client = api().client;
  const [keys, members] = await Promise.all([
    allPages((cursor) => client.listApiKeys(orgId, { limit: 100, cursor }).then((p) => ({ items: p.apiKeys, nextCursor: p.nextCursor }))),
    allMembers(orgId),
  ]);
  return { keys, people: new Map(members.map((m) => [m.userId, m.email])) };
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const { orgId } = useOrg();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['read']);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const create = useAction(async () => {
    try {
      const key = await api().client.createApiKey(orgId, { name: name.trim(), scopes });
      setName('');
      setScopes(['read']);
      onCreated(key);
    } catch (error) {
      const fields = fieldErrors(error);
      setInvalid({ name: fields['body.name'] ?? fields.name, scopes: fields['body.scopes'] ?? fields.scopes });
      throw error;
    }
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Name the key (for example, the service that uses it).';
    else if (name.trim().length > 100) problems.name = 'At most 100 characters.';
    if (scopes.length === 0) problems.scopes = 'Choose at least one scope.';
    setInvalid(problems);
    if (!Object.keys(problems).length) void create.run();
  };
  const toggle = (scope: ApiKeyScope, on: boolean) => setScopes((s) => (on ? [...s.filter((x) => x !== scope), scope] : s.filter((x) => x !== scope)));
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title">Create a key</h2>
      <Field label="Name" name="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} error={invalid.name} />
      <fieldset className="checks" aria-describedby={invalid.scopes ? 'scopes-error' : undefined}>
        <legend>Scopes</legend>
        {SCOPES.map(({ scope, what }) => (
          <label key={scope} className="check">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
            <span>
              <code>{scope}</code> — {what}
            </span>
          </label>
        ))}
        {invalid.scopes && (
          <small id="scopes-error" className="field-error">
            {invalid.scopes}
          </small>
        )}
      </fieldset>
      <ActionError error={create.error} />
      <SubmitButton busy={create.busy}>Create key</SubmitButton>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useMe } from '../../org-context';
import { navigate } from '../../router';
import { fieldErrors } from '../../ui/errors';
import { ActionError, Field, SubmitButton, useAction } from '../../ui/form';

/** Creates an organization (the user is its owner, on the free plan) and opens it. */
export function NewOrgPage() {
  const { me, reloadMe } = useMe();
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const create = useAction(async () => {
    try {
      const org = await api().client.createOrg(name.trim());
      await reloadMe();
      navigate(`/orgs/${encodeURIComponent(org.id)}/overview`);
    } catch (error) {
      setInvalid(fieldErrors(error)['body.name']);
      throw error;
    }
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const problem = !trimmed ? 'Name the organization.' : trimmed.length > 100 ? 'At most 100 characters.' : undefined;
    setInvalid(problem);
    if (!problem) void create.run();
  };
  return (
    <>
      <h1>New organization</h1>
      {me.orgs.length === 0 && <p>You do not belong to any organization yet. Create one, or accept an invitation.</p>}
      <form className="card narrow" onSubmit={submit} noValidate>
        <p>You will be its owner. It starts on the free plan; you can upgrade it from its Plans page.</p>
        <Field label="Organization name" name="name" autoComplete="organization" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={invalid} />
        <ActionError error={create.error} />
        <SubmitButton busy={create.busy}>Create organization</SubmitButton>
      </form>
    </>
  );
}

import { useState } from 'react';

/**
 * A secret the API shows this once (an API key, a license key): the value, a copy button and the plain warning that
 * it cannot be shown again. `onDone` hides it.
 */
export function SecretOnce({ title, value, onDone }: { title: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="card secret-once" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title">{title}</h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Argus keeps only a hash of it.
      </p>
      <p className="secret">
        <code data-testid="secret-value">{value}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
        <span role="status">{copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying failed: select the text and copy it.' : ''}</span>
      </div>
    </section>
  );
}

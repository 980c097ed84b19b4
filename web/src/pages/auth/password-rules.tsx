/**
 * The user pool's password policy (CONTRACT §3 sign-up; infra/constructs/user-pool.ts): shown beside the field and
 * checked before sending. The API checks it again and answers 400 with details when it is not met.
 */
const RULES: { text: string; met: (password: string) => boolean }[] = [
  { text: 'At least 8 characters', met: (p) => p.length >= 8 },
  { text: 'An uppercase letter', met: (p) => /[A-Z]/.test(p) },
  { text: 'A lowercase letter', met: (p) => /[a-z]/.test(p) },
  { text: 'A digit', met: (p) => /[0-9]/.test(p) },
];

/** Undefined when the password meets every rule, else a sentence naming the first one it misses. */
export function passwordProblem(password: string): string | undefined {
  if (password.length > 256) return 'Use at most 256 characters.';
  const missed = RULES.find((r) => !r.met(password));
  return missed ? `The password needs: ${missed.text.toLowerCase()}.` : undefined;
}

/** Inside a field's hint (phrasing content): one line per rule, each marked met or not. */
export function PasswordRules({ password }: { password: string }) {
  return (
    <span className="password-rules">
      {RULES.map((rule) => {
        const met = rule.met(password);
        return (
          <span key={rule.text} className={met ? 'met' : undefined}>
            <span aria-hidden="true">{met ? '✓' : '•'}</span> {rule.text}
            <span className="visually-hidden">{met ? ' (met)' : ' (not yet)'}</span>
          </span>
        );
      })}
    </span>
  );
}

export const EMAIL = /^\S+@\S+\.\S+$/;

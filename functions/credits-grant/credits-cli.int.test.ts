import { api, localStack } from '../../infra/local/testing/local-stack';
import { newUser, serviceApiKey } from '../../infra/local/testing/users';
import { main } from '../../cli/main';

/** Runs `argus <argv>` in this process against the test's local stack; returns the exit code and what it printed. */
async function argus(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  // A command resolves its target into process.env (one command per process): each run here starts from the same env.
  const env = { ...process.env };
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('npx argus credits grant', () => {
  it('grants through the same route (idempotent on --id), exits 1 on a conflicting repeat and 2 on bad arguments', async () => {
    expect(localStack().apiUrl).toBeTruthy();
    const { orgId } = await newUser();
    const args = ['credits', 'grant', '--org', orgId, '--metric', 'api_calls', '--quantity', '250', '--id', 'cli-1', '--reason', 'cli test', '--expires-at', '2099-01-01T00:00:00Z', '--json'];
    const first = await argus(args);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ id: 'cli-1', metric: 'api_calls', quantity: 250, remaining: 250, expiresAt: '2099-01-01T00:00:00.000Z', source: 'grant' });
    const repeat = await argus(args);
    expect({ code: repeat.code, err: repeat.err, out: repeat.code ? repeat.out : '' }).toEqual({ code: 0, err: '', out: '' });
    const conflict = await argus(args.map((a) => (a === '250' ? '251' : a)));
    expect(conflict.code).toBe(1);
    expect(JSON.parse(conflict.out).error.code).toBe('failed');
    expect((await argus(['credits', 'grant', '--org', orgId, '--metric', 'api_calls', '--quantity', '1.5', '--id', 'x', '--reason', 'r'])).code).toBe(2);
    expect((await argus(['credits', 'grant', '--org', orgId, '--metric', 'nope', '--quantity', '1', '--id', 'x', '--reason', 'r'])).code).toBe(2);

    const credits = await api(`/v1/orgs/${orgId}/credits`, { token: serviceApiKey() });
    expect(credits.body.balances.api_calls).toBe(250);
    expect(credits.body.grants).toHaveLength(1);
  });
});

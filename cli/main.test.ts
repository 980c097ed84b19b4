import { main } from './main';
import { COMMANDS } from './commands';

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('argus CLI (in-process)', () => {
  it('lists every command in --help and exits 0; with no arguments prints the same and exits 2', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.out).toContain(`  ${c.name}`);
    expect((await run()).code).toBe(2);
  });

  it.each(COMMANDS.map((c) => [c.name]))('%s --help shows usage, options and examples, exit 0', async (name) => {
    const res = await run(...name.split(' '), '--help');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`Usage: argus ${name}`);
    expect(res.out).toContain('--json');
    expect(res.out).toMatch(/Examples:\n {2}(npx argus|\S+=)/);
  });

  it('unknown commands and options are usage errors (exit 2), reported as JSON under --json', async () => {
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    const badOption = await run('dlq', 'list', '--nope', '--json');
    expect(badOption.code).toBe(2);
    expect(JSON.parse(badOption.out)).toEqual({ error: { code: 'usage', message: expect.stringContaining('--nope') } });
    const badValue = await run('dlq', 'redrive', '--max', 'lots');
    expect(badValue.code).toBe(2);
    expect(badValue.err).toContain('--max must be a positive whole number');
  });
});

import { EXIT, helpText, parseCommandArgs, UsageError, type CliCommand } from './command';
import { COMMANDS } from './commands';

/** `argus <command words> [options]`: finds the command whose name matches the most leading words. */
function findCommand(argv: string[]): { command?: CliCommand; rest: string[] } {
  const words = argv.filter((a, i) => !a.startsWith('-') && argv.slice(0, i).every((b) => !b.startsWith('-')));
  for (let n = Math.min(words.length, 3); n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(n) };
  }
  return { rest: argv };
}

export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'argus — operate an Argus stage: the local stack (after `npm start`) or a deployed one (ARGUS_API_URL, TABLE_NAME, AWS credentials)',
    '',
    'Usage: npx argus <command> [options]    (every command takes --json and --help)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 failed, 2 usage error.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${overview()}\n`);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const { command, rest } = findCommand(argv);
  if (!command) {
    process.stderr.write(`argus: unknown command "${argv.filter((a) => !a.startsWith('-')).join(' ')}"\n\n${overview()}\n`);
    return EXIT.usage;
  }
  let json = argv.includes('--json');
  try {
    const input = parseCommandArgs(command, rest);
    json = input.json;
    if (input.help) {
      process.stdout.write(`${helpText(command)}\n`);
      return EXIT.ok;
    }
    const result = await command.run(input);
    if (!result.silent) process.stdout.write(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
    return result.exitCode ?? EXIT.ok;
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = (error as Error).message;
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: usage ? 'usage' : 'failed', message } }, null, 2)}\n`);
    else process.stderr.write(usage ? `argus ${command.name}: ${message}\n\n${helpText(command)}\n` : `argus ${command.name}: ${message}\n`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}

import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * One `argus` command. Commands live one per file in cli/commands and are listed in cli/commands/index.ts. A command
 * reads its options with `parse`, does its work through the same shared/ functions as the API, and returns what it
 * prints: `json` for `--json`, `text` for people. Exit codes (CONTRACT §6): 0 ok, 1 failed, 2 usage.
 */
export interface CliCommand {
  /** Words after `argus`: `service-key create`, `dlq list`. */
  name: string;
  summary: string;
  /** The synopsis after the name: `<name> [--scopes a,b]`. */
  usage: string;
  /** Each option with one line of help. `--json` and `--help` are added to every command. */
  options: Record<string, { type: 'string' | 'boolean'; help: string; multiple?: boolean; short?: string }>;
  examples: string[];
  run(input: CommandInput): Promise<CommandResult>;
}

export interface CommandInput {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export interface CommandResult {
  json: unknown;
  text: string;
  /** 1 when the command ran but what it reports is a failure (a check that found problems, a partial redrive). */
  exitCode?: 0 | 1;
}

/** Wrong or missing arguments: exit code 2 with the command's usage. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function parseCommandArgs(command: CliCommand, argv: string[]): CommandInput & { json: boolean; help: boolean } {
  const options: ParseArgsConfig['options'] = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  // parseArgs refuses `short: undefined` (and `multiple: undefined`): only set what the option declares.
  for (const [name, option] of Object.entries(command.options)) options[name] = { type: option.type, ...(option.multiple ? { multiple: true } : {}), ...(option.short ? { short: option.short } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const { json, help, ...rest } = values as Record<string, string | boolean | string[] | undefined>;
    return { positionals, values: rest, json: json === true, help: help === true };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A required string option, or a UsageError that names it. */
export function requireString(input: CommandInput, name: string): string {
  const value = input.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function helpText(command: CliCommand): string {
  const width = Math.max(6, ...Object.keys(command.options).map((n) => n.length + 2));
  const lines = [`argus ${command.name} — ${command.summary}`, '', `Usage: argus ${command.name} ${command.usage}`.trimEnd(), '', 'Options:'];
  for (const [name, option] of Object.entries(command.options)) lines.push(`  --${name.padEnd(width)} ${option.help}`);
  lines.push(`  --${'json'.padEnd(width)} print the result as JSON`, `  --${'help'.padEnd(width)} show this help`);
  if (command.examples.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

import type { CliCommand } from '../command';
import { mcp } from './mcp';
import { serviceKeyCreate } from './service-key-create';

/** Every `argus` command, in the order `argus --help` lists them. */
export const COMMANDS: CliCommand[] = [serviceKeyCreate, mcp];

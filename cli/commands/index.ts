import type { CliCommand } from '../command';
import { analyticsQuery } from './analytics-query';
import { serviceKeyCreate } from './service-key-create';

/** Every `argus` command, in the order `argus --help` lists them. */
export const COMMANDS: CliCommand[] = [serviceKeyCreate, analyticsQuery];

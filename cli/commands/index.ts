import type { CliCommand } from '../command';
import { creditsGrant } from './credits-grant';
import { serviceKeyCreate } from './service-key-create';

/** Every `argus` command, in the order `argus --help` lists them. */
export const COMMANDS: CliCommand[] = [serviceKeyCreate, creditsGrant];

import type { CliCommand } from '../command';
import { catalogCheck } from './catalog-check';
import { orgsOverride } from './orgs-override';
import { serviceKeyCreate } from './service-key-create';
import { subscriptionsMigrate } from './subscriptions-migrate';

/** Every `argus` command, in the order `argus --help` lists them. */
export const COMMANDS: CliCommand[] = [serviceKeyCreate, catalogCheck, orgsOverride, subscriptionsMigrate];

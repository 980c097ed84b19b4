import type { CliCommand } from '../command';
import { dlqList, dlqRedrive } from './dlq';
import { meterSinkRun } from './meter-sink-run';
import { serviceKeyCreate } from './service-key-create';
import { stripeSync } from './stripe-sync';

/** Every `argus` command, in the order `argus --help` lists them. */
export const COMMANDS: CliCommand[] = [serviceKeyCreate, dlqList, dlqRedrive, meterSinkRun, stripeSync];

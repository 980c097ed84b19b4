import type { CliCommand } from '../command';
import { catalogCheck } from './catalog-check';
import { dlqList, dlqRedrive } from './dlq';
import { meterSinkRun } from './meter-sink-run';
import { orgsOverride } from './orgs-override';
import { orgsShow } from './orgs-show';
import { mcp } from './mcp';
import { analyticsQuery } from './analytics-query';
import { creditsGrant } from './credits-grant';
import { serviceKeyCreate } from './service-key-create';
import { stripeSync } from './stripe-sync';
import { subscriptionsMigrate } from './subscriptions-migrate';

/** Every `argus` command, in the order `argus --help` lists them. */
export const COMMANDS: CliCommand[] = [serviceKeyCreate, catalogCheck, stripeSync, subscriptionsMigrate, orgsShow, orgsOverride, dlqList, dlqRedrive, meterSinkRun, mcp, creditsGrant, analyticsQuery];

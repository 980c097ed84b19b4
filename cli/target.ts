import { existsSync } from 'node:fs';
import path from 'node:path';
import { stageConfig } from '../infra/config/stages';
import { readLocalJson, stateDir } from '../infra/local/state';

/**
 * What a command acts on: the local stack (`.argus/local.json`, written by `npm start`) or a deployed stage, named by
 * environment variables taken from the stage's stack outputs (ARGUS_API_URL, TABLE_NAME, AWS_REGION, queue URLs) and
 * the SDK's usual AWS credentials. Commands that touch the table directly (operator actions) set the environment the
 * shared/ modules read before importing them.
 */
export interface Target {
  kind: 'local' | 'stage';
  apiUrl?: string;
  /** The platform service key: the local stack's, or ARGUS_API_KEY for a stage. */
  apiKey?: string;
}

export function resolveTarget(): Target {
  if (process.env.TABLE_NAME || process.env.ARGUS_API_URL) {
    // Stage settings the shared/ modules read (the plan in force needs the past-due grace): from ARGUS_STAGE's config.
    if (process.env.ARGUS_STAGE) stageSettings(process.env.ARGUS_STAGE);
    return { kind: 'stage', apiUrl: process.env.ARGUS_API_URL, apiKey: process.env.ARGUS_API_KEY };
  }
  if (!existsSync(path.join(stateDir(), 'local.json'))) {
    throw new Error('No stage in the environment (ARGUS_API_URL, TABLE_NAME) and no local stack (.argus/local.json): run `npm start` first');
  }
  const info = readLocalJson();
  // The local stack's emulators, as the shared/ modules expect to find them (same names as the Lambdas get).
  process.env.TABLE_NAME = info.dynamodb.tableName;
  process.env.AWS_REGION = info.region;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = info.dynamodb.endpoint;
  process.env.AWS_ENDPOINT_URL_SQS = info.sqs.endpoint;
  process.env.AWS_ACCESS_KEY_ID = info.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = info.credentials.secretAccessKey;
  stageSettings('local');
  return { kind: 'local', apiUrl: info.apiUrl, apiKey: process.env.ARGUS_API_KEY ?? info.serviceApiKey };
}

/** The settings a Lambda gets from its stage's config (infra/constructs/argus-function.ts) that operator reads need. */
function stageSettings(stage: string): void {
  process.env.PAST_DUE_GRACE_DAYS ??= String(stageConfig(stage).pastDueGraceDays);
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where the local stack keeps its data (`ARGUS_STATE_DIR`, default `.argus/` in the repo). */
export function stateDir(): string {
  return path.resolve(process.env.ARGUS_STATE_DIR ?? path.join(REPO_ROOT, '.argus'));
}

/** Secrets and ids that must stay the same across restarts so tokens, keys and webhooks keep working. */
export interface PersistentState {
  webhookSecret: string;
  serviceApiKey: string;
  userPoolId?: string;
  clientId?: string;
}

export function prepareStateDir(dir: string, fresh: boolean): PersistentState {
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'state.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PersistentState;
  const state: PersistentState = {
    webhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
    serviceApiKey: `ak_svc_${randomBytes(32).toString('base64url')}`,
  };
  savePersistentState(dir, state);
  return state;
}

export function savePersistentState(dir: string, state: PersistentState): void {
  writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 2));
}

/** The file CONTRACT §2 promises: everything a client or test needs to reach the local stack. */
export interface LocalStackInfo {
  apiUrl: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dynamodb: { endpoint: string; tableName: string };
  sqs: { endpoint: string; usageQueueUrl: string; usageDlqUrl: string; webhookQueueUrl: string; webhookDlqUrl: string; meterSinkQueueUrl: string; meterSinkDlqUrl: string; analyticsQueueUrl: string; analyticsDlqUrl: string };
  cognito: { endpoint: string; userPoolId: string; clientId: string };
  stripe: { apiUrl: string; webhookSecret: string };
  eventBridge: { endpoint: string; busName: string };
  /** S3 (the fauxqs emulator, same endpoint as SQS; path-style addressing). */
  s3: { endpoint: string; syncBucket: string; analyticsBucket: string };
  serviceApiKey: string;
  /** The web console, served by the API server (CONTRACT §2). */
  consoleUrl: string;
}

export function writeLocalJson(dir: string, info: LocalStackInfo): string {
  const file = path.join(dir, 'local.json');
  writeFileSync(file, JSON.stringify(info, null, 2));
  return file;
}

export function readLocalJson(dir = stateDir()): LocalStackInfo {
  return JSON.parse(readFileSync(path.join(dir, 'local.json'), 'utf8')) as LocalStackInfo;
}

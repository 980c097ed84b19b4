import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../state';
import { track } from './children';
import { waitFor } from './wait';

const TSX_LOADER = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/**
 * Starts cognito-local in its own process, with the Cognito behaviour it lacks added (cognito-local-main.ts). Its data
 * lives in `<dir>/.cognito`; the codes it would email go to `mailOutboxFile` (GET /_local/mail) and to `<dir>/cognito.log`.
 */
export async function startCognito(port: number, dir: string, mailOutboxFile: string): Promise<string> {
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  // The issuer must be this server's own URL, or tokens name an issuer nobody can fetch keys from.
  writeFileSync(path.join(dir, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }, null, 2));
  // tsx by absolute path: the child runs in the state directory, where no node_modules resolve.
  const main = path.join(REPO_ROOT, 'infra', 'local', 'emulators', 'cognito-local-main.ts');
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MAIL_OUTBOX_FILE: mailOutboxFile };
  const child = track(spawn(process.execPath, ['--import', pathToFileURL(TSX_LOADER).href, main], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }), 'cognito-local');
  const log = createWriteStream(path.join(dir, 'cognito.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await waitFor('cognito-local', async () => {
    if (child.exitCode !== null) throw new Error(`cognito-local exited with code ${child.exitCode} (is port ${port} free?)`);
    const res = await fetch(`${endpoint}/health`).catch(() => undefined);
    return res !== undefined;
  });
  return endpoint;
}

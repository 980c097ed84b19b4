import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../state';
import { track } from './children';
import { waitFor } from './wait';

/**
 * Starts cognito-local in its own process, with the Cognito behaviour it lacks added (cognito-local-main.ts). Its data
 * lives in `<dir>/.cognito`; the codes it would email go to `mailOutboxFile` (GET /_local/mail) and to `<dir>/cognito.log`.
 */
export async function startCognito(port: number, dir: string, mailOutboxFile: string): Promise<string> {
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  // The issuer must be this server's own URL, or tokens name an issuer nobody can fetch keys from.
  writeFileSync(path.join(dir, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }, null, 2));
  // Bundled to plain JS first (tens of ms): under a TypeScript loader every module cognito-local requires (the AWS SDK
  // v2 among them) would go through the loader's hook, seconds more per start. cognito-local itself stays external
  // and resolves from the repo's node_modules (NODE_PATH), as the child runs in the state directory.
  const main = path.join(dir, 'cognito-local-main.cjs');
  await build({ entryPoints: [path.join(REPO_ROOT, 'infra', 'local', 'emulators', 'cognito-local-main.ts')], outfile: main, bundle: true, platform: 'node', format: 'cjs', external: ['cognito-local'], logLevel: 'error' });
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MAIL_OUTBOX_FILE: mailOutboxFile, NODE_PATH: path.join(REPO_ROOT, 'node_modules') };
  const child = track(spawn(process.execPath, [main], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }), 'cognito-local');
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

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../state';
import { track } from './children';
import { waitFor } from './wait';

/**
 * Starts cognito-local in its own process. Its data lives in `<dir>/.cognito`; its log (where forgot-password
 * codes appear, as on a real pool's email) goes to `<dir>/cognito.log`.
 */
export async function startCognito(port: number, dir: string): Promise<string> {
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  // The issuer must be this server's own URL, or tokens name an issuer nobody can fetch keys from.
  writeFileSync(path.join(dir, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }, null, 2));
  const bin = path.join(REPO_ROOT, 'node_modules', 'cognito-local', 'lib', 'bin', 'start.js');
  const child = track(spawn(process.execPath, [bin], { cwd: dir, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] }), 'cognito-local');
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

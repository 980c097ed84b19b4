import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import type { ConsoleConfig } from '../console/site-rules';
import { CONSOLE_BASE, WEB_DIR } from './console-build';
import { readLocalJson, stateDir } from './state';

/**
 * Answers `{base}config.json` in Vite's dev server from the running local stack's `local.json` (read on each request,
 * so a restarted stack is picked up), as the stack itself answers it at `{apiUrl}/console/config.json`.
 */
export function localConfigJson(dir = stateDir()): Plugin {
  return {
    name: 'argus-local-config-json',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (pathname !== `${CONSOLE_BASE}config.json`) return next();
        if (!existsSync(path.join(dir, 'local.json'))) {
          res.statusCode = 503;
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify({ error: { code: 'unavailable', message: `No local stack: run \`npm start\` first (looked for ${dir}/local.json)` } }));
        }
        const local = readLocalJson(dir);
        const config: ConsoleConfig = { apiUrl: local.apiUrl, region: local.region, userPoolClientId: local.cognito.clientId, stage: 'local' };
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-cache');
        res.end(JSON.stringify(config));
      });
    },
  };
}

/** `npm run dev:web`: Vite's dev server for web/ (hot reload), talking to the running local API (CORS allows localhost). */
async function main(): Promise<void> {
  const { createServer } = await import('vite');
  const server = await createServer({ root: WEB_DIR, base: CONSOLE_BASE, plugins: [localConfigJson()] });
  await server.listen();
  server.printUrls();
  process.stdout.write(`API: ${existsSync(path.join(stateDir(), 'local.json')) ? readLocalJson().apiUrl : 'not running yet (npm start)'}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateOpenApiJson, OPENAPI_PATH } from '../openapi/generate';

/**
 * `npm run openapi`: regenerates infra/openapi/openapi.json from the route table and the handlers' schemas.
 * `npm run openapi -- --check`: exits 1 if the committed file is stale (CI; the unit test checks the same).
 */
const fresh = generateOpenApiJson();
const relative = path.relative(process.cwd(), OPENAPI_PATH);
if (process.argv.includes('--check')) {
  const committed = readFileSync(OPENAPI_PATH, { encoding: 'utf8', flag: 'a+' });
  if (committed !== fresh) {
    process.stderr.write(`${relative} is stale: run npm run openapi\n`);
    process.exit(1);
  }
  process.stdout.write(`${relative} is up to date\n`);
} else {
  writeFileSync(OPENAPI_PATH, fresh);
  process.stdout.write(`wrote ${relative}\n`);
}

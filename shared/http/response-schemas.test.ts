import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SHARED = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The response schemas are domain definitions: shared/ code (MCP, the typed client) reads them here, never from infra/openapi. */
describe('response schemas live in shared/', () => {
  it('no shared/ source (tests aside) imports infra/openapi', () => {
    const offenders = sources(SHARED).filter((file) => /from '(\.\.\/)+infra\/openapi\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(SHARED, f))).toEqual([]);
  });

  it('infra/openapi/responses.ts hands the generator the same registry and error body', async () => {
    const shared = await import('./response-schemas');
    const openapi = await import('../../infra/openapi/responses');
    expect(openapi.components).toBe(shared.components);
    expect(openapi.ErrorBody).toBe(shared.ErrorBody);
    expect(openapi.successResponses['credits-list']!.schema).toBe(shared.Credits);
  });
});

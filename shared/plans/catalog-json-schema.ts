import { z } from 'zod';
import { catalogFileSchema } from './catalog-schema';

/**
 * The JSON Schema of a catalog file (catalog/catalog.schema.json), for editors' completion and inline checks. The zod
 * schema stays the authority (cross-references such as a plan's unknown metric are checked only by it, with lines:
 * `npx argus catalog check`). Regenerate with `npx tsx shared/plans/catalog-json-schema.ts`; a unit test fails when stale.
 */
export function catalogJsonSchema(): string {
  const schema = z.toJSONSchema(catalogFileSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Argus plan catalog (catalog/v<version>.json)' }, null, 2)}\n`;
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:fs').writeFileSync(require('node:path').join(__dirname, '..', '..', 'catalog', 'catalog.schema.json'), catalogJsonSchema());
}

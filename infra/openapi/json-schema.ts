import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * A request schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as clients must send it (`io: 'input'`: defaults
 * make fields optional). `$schema` is dropped: the document's dialect already says it.
 */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: showPipedStringRules });
  return rest;
}

/** Registered response schemas as `components.schemas`, linked by `$ref` (what the server sends: `io: 'output'`). */
export function componentSchemas(registry: z.core.$ZodRegistry<{ id: string; description?: string }>): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  // `$id` "#/components/…" is a fragment, which 2020-12 forbids in `$id`; the component's key is its name anyway.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _d, $id: _i, ...rest }]) => [id, rest]));
}

/**
 * `z.string().trim().pipe(z.email())` reads, as input, as a bare string: the rules live on the pipe's far side. Normalising
 * string pipes (trim, lower-case) keep the input a string, so the far side's rules (format, length) describe it truly.
 */
function showPipedStringRules(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  const def = ctx.zodSchema._zod.def;
  if (def.type !== 'pipe' || def.in._zod.def.type !== 'string' || def.out._zod.def.type !== 'string') return;
  const { $schema: _dialect, ...out } = z.toJSONSchema(def.out, { io: 'input' });
  Object.assign(ctx.jsonSchema, out);
}

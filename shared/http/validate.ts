import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses input with a zod schema; every failing field becomes a `details` entry named by its path under `where`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ValidationError(details);
}
